package dev.deckhand.events;

import java.util.Map;

/**
 * Sees every live event this process publishes, after it went to Redis, in the publishing thread
 * (e.g. mail on a user's {@code final} or {@code reconnect} event). Must be quick and must not
 * throw: a listener's failure is logged and never reaches the publisher's caller.
 */
public interface PublishedEventListener {

    void published(String topic, String type, Map<String, ?> payload);
}
