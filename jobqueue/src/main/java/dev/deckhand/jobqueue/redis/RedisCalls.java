package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.QueueUnavailableException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.function.Supplier;

/** Translates every Jedis failure into {@link QueueUnavailableException}: callers never see a false success. */
final class RedisCalls {

    private RedisCalls() {
    }

    static <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (JedisException e) {
            throw new QueueUnavailableException("job queue: " + what + " failed: " + e.getMessage(), e);
        }
    }
}
