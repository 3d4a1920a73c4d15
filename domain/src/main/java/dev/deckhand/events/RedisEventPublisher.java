package dev.deckhand.events;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

import java.util.LinkedHashMap;
import java.util.Map;

/** PUBLISH on {@code deckhand:events:<topic>}; the web tier pattern-subscribes and fans out. */
@Singleton
public class RedisEventPublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventPublisher.class);
    private final RedisClient redis;
    private final JsonMapper json;

    public RedisEventPublisher(RedisClient redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public void publish(String topic, String type, Map<String, ?> payload) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("topic", topic);
        event.put("type", type);
        event.putAll(payload);
        try {
            redis.publish(CHANNEL_PREFIX + topic, json.writeValueAsString(event));
        } catch (Exception e) {
            LOG.warn("could not publish {} event on {}: {}", type, topic, e.getClass().getSimpleName());
        }
    }
}
