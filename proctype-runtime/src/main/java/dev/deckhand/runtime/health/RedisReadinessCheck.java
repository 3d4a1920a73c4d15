package dev.deckhand.runtime.health;

import jakarta.inject.Singleton;
import redis.clients.jedis.RedisClient;

/** Redis answers PING. */
@Singleton
public class RedisReadinessCheck implements ReadinessCheck {

    private final RedisClient redis;

    public RedisReadinessCheck(RedisClient redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public void check() {
        String pong = redis.ping();
        if (!"PONG".equals(pong)) {
            throw new IllegalStateException("unexpected PING reply");
        }
    }
}
