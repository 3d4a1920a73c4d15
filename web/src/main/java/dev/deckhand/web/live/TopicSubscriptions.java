package dev.deckhand.web.live;

import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which open WebSocket sessions listen to which topic (job:<id>, preflight:<id>, user:<id>).
 * Holds an entry for a topic or a session only while it has at least one subscription: the last
 * unsubscribe or the close of a session frees it, so a long-lived web process does not grow with
 * the topics clients have ever followed. Writes are serialised (they are rare: subscribe,
 * unsubscribe, close); {@link #sessions} is read without locking by the event relay.
 */
@Singleton
public class TopicSubscriptions {

    /** A client may follow at most this many topics at once. */
    static final int MAX_TOPICS_PER_SESSION = 50;
    private final Map<String, Set<WebSocketSession>> byTopic = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> bySession = new ConcurrentHashMap<>();

    public synchronized boolean add(WebSocketSession session, String topic) {
        Set<String> topics = bySession.get(session.getId());
        if (topics != null && !topics.contains(topic) && topics.size() >= MAX_TOPICS_PER_SESSION) {
            return false;
        }
        bySession.computeIfAbsent(session.getId(), k -> ConcurrentHashMap.newKeySet()).add(topic);
        byTopic.computeIfAbsent(topic, k -> ConcurrentHashMap.newKeySet()).add(session);
        return true;
    }

    public synchronized void remove(WebSocketSession session, String topic) {
        unlink(session, topic);
        Set<String> topics = bySession.get(session.getId());
        if (topics != null) {
            topics.remove(topic);
            if (topics.isEmpty()) {
                bySession.remove(session.getId());
            }
        }
    }

    public synchronized void removeAll(WebSocketSession session) {
        Set<String> topics = bySession.remove(session.getId());
        if (topics != null) {
            new HashSet<>(topics).forEach(t -> unlink(session, t));
        }
    }

    private void unlink(WebSocketSession session, String topic) {
        Set<WebSocketSession> sessions = byTopic.get(topic);
        if (sessions != null) {
            sessions.remove(session);
            if (sessions.isEmpty()) {
                byTopic.remove(topic);
            }
        }
    }

    public Set<WebSocketSession> sessions(String topic) {
        return byTopic.getOrDefault(topic, Set.of());
    }

    /** Topics with at least one entry held (tests: memory is freed). */
    int trackedTopics() {
        return byTopic.size();
    }

    /** Sessions with at least one entry held (tests: memory is freed). */
    int trackedSessions() {
        return bySession.size();
    }
}
