package dev.deckhand.web.live;

import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which open WebSocket sessions listen to which topic (job:<id>, preflight:<id>, user:<id>). */
@Singleton
public class TopicSubscriptions {

    /** A client may follow at most this many topics at once. */
    static final int MAX_TOPICS_PER_SESSION = 50;
    private final Map<String, Set<WebSocketSession>> byTopic = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> bySession = new ConcurrentHashMap<>();

    public boolean add(WebSocketSession session, String topic) {
        Set<String> topics = bySession.computeIfAbsent(session.getId(), k -> ConcurrentHashMap.newKeySet());
        if (!topics.contains(topic) && topics.size() >= MAX_TOPICS_PER_SESSION) {
            return false;
        }
        topics.add(topic);
        byTopic.computeIfAbsent(topic, k -> ConcurrentHashMap.newKeySet()).add(session);
        return true;
    }

    public void remove(WebSocketSession session, String topic) {
        Set<WebSocketSession> sessions = byTopic.get(topic);
        if (sessions != null) {
            sessions.remove(session);
            if (sessions.isEmpty()) {
                byTopic.remove(topic, sessions);
            }
        }
        Set<String> topics = bySession.get(session.getId());
        if (topics != null) {
            topics.remove(topic);
        }
    }

    public void removeAll(WebSocketSession session) {
        Set<String> topics = bySession.remove(session.getId());
        if (topics != null) {
            topics.forEach(t -> {
                Set<WebSocketSession> sessions = byTopic.get(t);
                if (sessions != null) {
                    sessions.remove(session);
                }
            });
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
