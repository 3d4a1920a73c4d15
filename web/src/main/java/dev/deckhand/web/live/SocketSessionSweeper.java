package dev.deckhand.web.live;

import dev.deckhand.accounts.Sessions;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.websocket.CloseReason;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Closes WebSockets whose session has ended: every {@value #INTERVAL} each distinct credential
 * of an open socket is resolved again (one indexed query each; Sessions does not cache), and the
 * sockets of a signed-out, revoked or expired one are closed with 4401. So a socket never
 * outlives its session by more than the interval, and keeps no topic after it. Runs on the
 * scheduled executor (blocking is fine there), never on the event loop.
 */
@Singleton
public class SocketSessionSweeper {

    static final String INTERVAL = "10s";
    private static final Logger LOG = LoggerFactory.getLogger(SocketSessionSweeper.class);
    private final OpenSockets sockets;
    private final TopicSubscriptions subscriptions;
    private final Sessions sessions;

    public SocketSessionSweeper(OpenSockets sockets, TopicSubscriptions subscriptions, Sessions sessions) {
        this.sockets = sockets;
        this.subscriptions = subscriptions;
        this.sessions = sessions;
    }

    @Scheduled(fixedDelay = INTERVAL, initialDelay = INTERVAL)
    void sweep() {
        Map<String, List<OpenSockets.Entry>> byCredential = sockets.all().stream()
                .collect(Collectors.groupingBy(OpenSockets.Entry::credential));
        byCredential.forEach((credential, entries) -> {
            boolean live;
            try {
                live = sessions.resolve(credential).isPresent();
            } catch (RuntimeException e) {
                LOG.warn("could not re-check a WebSocket session ({}); keeping it until the next sweep",
                        e.getClass().getSimpleName());
                return;
            }
            if (!live) {
                entries.forEach(this::close);
            }
        });
    }

    private void close(OpenSockets.Entry e) {
        subscriptions.removeAll(e.session());
        sockets.remove(e.session());
        if (e.session().isOpen()) {
            e.session().close(new CloseReason(4401, "session ended"));
        }
    }
}
