package dev.deckhand.jobqueue.testsupport;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;

/** Pooled Redis clients sized for workers (the library default pool of 8 is too small). */
public final class Clients {

    private Clients() {
    }

    public static RedisClient pooled(String redisUrl, int maxConnections) {
        URI u = URI.create(redisUrl);
        String path = u.getPath();
        int db = path == null || path.length() <= 1 ? 0 : Integer.parseInt(path.substring(1));
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(Duration.ofSeconds(5));
        return RedisClient.builder().hostAndPort(u.getHost(), u.getPort())
                .clientConfig(DefaultJedisClientConfig.builder().database(db).connectionTimeoutMillis(2000)
                        .socketTimeoutMillis(5000).build())
                .poolConfig(pool).build();
    }
}
