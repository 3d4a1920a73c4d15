package dev.deckhand.jobqueue.redis;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA-1 (EVALSHA: the text is never sent per call). When Redis answers
 * NOSCRIPT (after a restart or SCRIPT FLUSH) it is loaded once (SCRIPT LOAD) and run by SHA again,
 * so no caller manages loading. The one place that does this: the job queue's scripts
 * ({@link LuaScript}) and the web tier's rate limiter both run through it.
 */
public final class RedisScript {

    private final String source;
    private final String sha;

    public RedisScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /** What SCRIPT LOAD answers for this script: computed here, so no Redis call at boot. */
    public String sha() {
        return sha;
    }

    /** Runs the script; Jedis exceptions other than NOSCRIPT are the caller's to handle. */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            redis.scriptLoad(source);
            return redis.evalsha(sha, keys, args);
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
