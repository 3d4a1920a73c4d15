package dev.deckhand.web.live;

import dev.deckhand.events.EventPublisher;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

import java.util.concurrent.CountDownLatch;

/**
 * Relays live events from Redis pub/sub ({@code deckhand:events:*}, published by workers) to the
 * WebSocket sessions subscribed to each topic. One pattern subscription per web process on a
 * daemon thread; it reconnects with backoff when Redis goes away (events published meanwhile
 * are lost, which only delays UI updates: clients also poll).
 */
@Context
public class RedisEventRelay {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventRelay.class);
    private final RedisClient redis;
    private final TopicSubscriptions subscriptions;
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile JedisPubSub listener;
    private Thread thread;

    public RedisEventRelay(RedisClient redis, TopicSubscriptions subscriptions) {
        this.redis = redis;
        this.subscriptions = subscriptions;
    }

    @PostConstruct
    void start() {
        thread = new Thread(this::loop, "deckhand-event-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** For tests and readiness: true once the pattern subscription is active. */
    public boolean awaitSubscribed(java.time.Duration timeout) throws InterruptedException {
        return subscribed.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void loop() {
        long backoff = 500;
        while (running) {
            JedisPubSub l = new JedisPubSub() {
                @Override
                public void onPSubscribe(String pattern, int count) {
                    subscribed.countDown();
                }

                @Override
                public void onPMessage(String pattern, String channel, String message) {
                    dispatch(channel.substring(EventPublisher.CHANNEL_PREFIX.length()), message);
                }
            };
            listener = l;
            try {
                redis.psubscribe(l, EventPublisher.CHANNEL_PREFIX + "*");
                backoff = 500;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("live event subscription lost ({}), retrying in {} ms", e.getClass().getSimpleName(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(10_000, backoff * 2);
            }
        }
    }

    void dispatch(String topic, String message) {
        for (var session : subscriptions.sessions(topic)) {
            if (session.isOpen()) {
                session.sendAsync(message);
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        JedisPubSub l = listener;
        if (l != null && l.isSubscribed()) {
            try {
                l.punsubscribe();
            } catch (RuntimeException ignored) {
                // connection already gone
            }
        }
    }
}
