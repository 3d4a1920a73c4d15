package dev.deckhand.web.live;

import dev.deckhand.web.security.SecuritySettings;
import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The signed-in /ws/notifications connections of this process: at most MAX_WEBSOCKETS_PER_USER
 * per user (a leaked token or a buggy tab cannot hold unbounded sockets and subscriptions), and
 * for each the credential it was opened with, so {@link SocketSessionSweeper} can close it once
 * that session is signed out or expires. Holds the credential only in memory, never logs it.
 * An entry exists from a successful {@link #register} until {@link #remove}; nothing else.
 */
@Singleton
public class OpenSockets {

    /** One open, signed-in connection. */
    record Entry(WebSocketSession session, UUID userId, String credential) {
        @Override
        public String toString() {
            return "Entry[session=" + session.getId() + ", userId=" + userId + "]";
        }
    }

    private final int maxPerUser;
    private final Map<String, Entry> bySession = new HashMap<>();
    private final Map<UUID, Integer> perUser = new HashMap<>();

    public OpenSockets(SecuritySettings settings) {
        this.maxPerUser = settings.maxWebSocketsPerUser();
    }

    /** Registers a connection; false (nothing registered) when the user already has the maximum open. */
    public synchronized boolean register(WebSocketSession session, UUID userId, String credential) {
        if (bySession.containsKey(session.getId())) {
            return true;
        }
        int open = perUser.getOrDefault(userId, 0);
        if (open >= maxPerUser) {
            return false;
        }
        bySession.put(session.getId(), new Entry(session, userId, credential));
        perUser.put(userId, open + 1);
        return true;
    }

    public synchronized void remove(WebSocketSession session) {
        Entry e = bySession.remove(session.getId());
        if (e != null) {
            perUser.computeIfPresent(e.userId(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    synchronized List<Entry> all() {
        return List.copyOf(bySession.values());
    }
}
