package dev.deckhand.support;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.List;

/** Every key and every value in the Redis database, as text (for "no secret in Redis" checks). */
public final class RedisScan {

    private RedisScan() {
    }

    public static List<String> everything(RedisClient redis) {
        List<String> out = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().count(500));
            for (String key : page.getResult()) {
                out.add(key);
                switch (redis.type(key)) {
                    case "string" -> out.add(redis.get(key));
                    case "hash" -> out.add(redis.hgetAll(key).toString());
                    case "list" -> out.addAll(redis.lrange(key, 0, -1));
                    case "set" -> out.addAll(redis.smembers(key));
                    case "zset" -> out.addAll(redis.zrange(key, 0, -1));
                    case "stream" -> redis.xrange(key, (redis.clients.jedis.StreamEntryID) null, null)
                            .forEach(e -> out.add(e.getFields().toString()));
                    default -> out.add("<" + redis.type(key) + ">");
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return out;
    }
}
