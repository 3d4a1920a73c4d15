package dev.deckhand.events;

import java.util.Map;

/**
 * Live events for WebSocket subscribers (progress, log lines, final states, "reconnect").
 * Fire-and-forget: a lost event is only a late UI update, the database stays the truth.
 * Payloads hold ids, statuses and messages: never tokens.
 */
public interface EventPublisher {

    /** Redis channel prefix; a topic such as {@code job:<id>} is appended. */
    String CHANNEL_PREFIX = "deckhand:events:";

    void publish(String topic, String type, Map<String, ?> payload);

    static String userTopic(Object userId) {
        return "user:" + userId;
    }

    static String jobTopic(Object jobId) {
        return "job:" + jobId;
    }

    static String preflightTopic(Object preflightId) {
        return "preflight:" + preflightId;
    }
}
