package dev.deckhand.events;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PUBLISH on {@code deckhand:events:<topic>}; the web tier pattern-subscribes and fans out. Then
 * every {@link PublishedEventListener} bean sees the event.
 */
@Singleton
public class RedisEventPublisher implements EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventPublisher.class);
    private final RedisClient redis;
    private final JsonMapper json;
    private final List<PublishedEventListener> listeners;

    public RedisEventPublisher(RedisClient redis, JsonMapper json, List<PublishedEventListener> listeners) {
        this.redis = redis;
        this.json = json;
        this.listeners = List.copyOf(listeners);
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
        for (PublishedEventListener l : listeners) {
            try {
                l.published(topic, type, payload);
            } catch (RuntimeException e) {
                LOG.warn("event listener {} failed on {} event: {}", l.getClass().getSimpleName(), type,
                        e.getClass().getSimpleName());
            }
        }
    }
}
