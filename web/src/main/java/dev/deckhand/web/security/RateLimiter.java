package dev.deckhand.web.security;

import dev.deckhand.jobqueue.redis.RedisScript;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Fixed-window counters in Redis: the first hit of a key starts a window of {@code window}
 * length; at most {@code limit} hits are allowed until it expires. INCR and PEXPIRE run in one
 * Lua script (run by SHA through {@link RedisScript}), so a crash between them cannot leave an
 * immortal counter. Windows are anchored at the first hit, not at clock boundaries.
 *
 * <p>Blocking (Jedis): call only off the event loop. If Redis is unreachable the limiter fails
 * open (the request is allowed and a warning logged): rate limits protect capacity, and an
 * outage of the cache should not take the site down with it.
 */
@Singleton
public class RateLimiter {

    /** Result of one hit. {@code retryAfterSeconds} is meaningful only when not allowed. */
    public record Decision(boolean allowed, long count, long retryAfterSeconds) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final String PREFIX = "deckhand:ratelimit:";
    private static final RedisScript SCRIPT = new RedisScript("""
            local c = redis.call('INCR', KEYS[1])
            if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {c, ttl}
            """);

    /** What SCRIPT LOAD answers for {@link #SCRIPT}: computed here, so no Redis call at boot. */
    static final String SCRIPT_SHA = SCRIPT.sha();

    private final RedisClient redis;

    public RateLimiter(RedisClient redis) {
        this.redis = redis;
    }

    /**
     * Counts one hit for {@code id} in {@code bucket}. The id is hashed before it reaches Redis,
     * so account names and addresses are not stored in clear.
     */
    public Decision hit(String bucket, String id, int limit, Duration window) {
        if (limit <= 0) {
            return new Decision(true, 0, 0);
        }
        String key = PREFIX + bucket + ":" + hash(id);
        try {
            List<?> result = (List<?>) SCRIPT.run(redis, List.of(key), List.of(Long.toString(window.toMillis())));
            long count = ((Number) result.get(0)).longValue();
            long ttlMillis = ((Number) result.get(1)).longValue();
            return new Decision(count <= limit, count, Math.max(1, (ttlMillis + 999) / 1000));
        } catch (RuntimeException e) {
            LOG.warn("rate limiter unavailable, allowing request ({})", e.getClass().getSimpleName());
            return new Decision(true, 0, 0);
        }
    }

    static String hash(String id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
