package dev.deckhand.bench;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Redis helpers for the benchmark: pooled clients and INFO commandstats. */
final class BenchRedis {

    private BenchRedis() {
    }

    static RedisClient client(String url, int maxConnections) {
        URI u = URI.create(url);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(Duration.ofSeconds(5));
        return RedisClient.builder().hostAndPort(u.getHost(), u.getPort())
                .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000).build())
                .poolConfig(pool).build();
    }

    /** Command name -> calls, from INFO commandstats (calls inside Lua scripts included). */
    static Map<String, Long> commandStats(UnifiedJedis redis) {
        Map<String, Long> out = new HashMap<>();
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring(8, line.indexOf(':'));
            String calls = line.substring(line.indexOf("calls=") + 6);
            out.put(name, Long.parseLong(calls.substring(0, calls.indexOf(','))));
        }
        return out;
    }

    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new HashMap<>();
        after.forEach((k, v) -> {
            long x = v - before.getOrDefault(k, 0L);
            if (x > 0) {
                d.put(k, x);
            }
        });
        return d;
    }
}
