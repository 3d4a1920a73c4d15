package dev.deckhand.runtime.redis;

import dev.deckhand.config.RedisUrl;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.time.Duration;

/**
 * The Jedis client used by the job queue (its role: synchronous commands, Lua scripts and
 * pipelines on a bounded pool). Lettuce, where a proctype has it, carries pub/sub for live events.
 */
@Factory
public class RedisClientFactory {

    @Singleton
    @Bean(preDestroy = "close")
    public RedisClient redisClient(ResolvedSettings settings) {
        return create(RedisUrl.parse(settings.value(SettingsCatalog.REDIS_URL)), 64);
    }

    /** Builds a pooled client; also used by tools and benchmarks outside Micronaut. */
    public static RedisClient create(RedisUrl url, int maxConnections) {
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder()
                .ssl(url.tls())
                .database(url.database())
                .connectionTimeoutMillis(5000)
                .socketTimeoutMillis(10_000)
                .clientName("deckhand");
        if (url.password() != null) {
            cfg.password(url.password());
            if (url.username() != null) {
                cfg.user(url.username());
            }
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(1);
        pool.setMaxWait(Duration.ofSeconds(5));
        pool.setTestWhileIdle(true);
        return RedisClient.builder().hostAndPort(url.host(), url.port()).clientConfig(cfg.build())
                .poolConfig(pool).build();
    }
}
