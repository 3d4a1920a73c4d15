package dev.deckhand.web.live;

import dev.deckhand.accounts.User;
import dev.deckhand.runs.RunService;
import dev.deckhand.runs.Viewer;
import dev.deckhand.web.api.ApiAuth;
import dev.deckhand.web.security.AdminAccess;
import dev.deckhand.web.security.SecuritySettings;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

import jakarta.inject.Named;

import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /ws/notifications}: a signed-in client (session cookie, or Bearer token for non-browser
 * clients) sends {@code {"action": "subscribe", "topic": "job:<id>"}} (or {@code preflight:<id>},
 * {@code user:<id>}; {@code "unsubscribe"} to stop) and receives that topic's events: step
 * progress, log lines, final state, "reconnect". A topic is granted only if the user may see it
 * (own runs and own user topic; admins everything, but only when the connection comes from
 * ADMIN_API_ALLOWED_SUBNETS). Browser upgrades must come from an Origin in ALLOWED_HOSTS:
 * checked here and by CsrfFilter.
 *
 * <p>A signed-in user holds at most MAX_WEBSOCKETS_PER_USER connections ({@link OpenSockets}; one
 * more is closed with 4429); a connection is closed with 4401 once its session is signed out or
 * expires ({@link SocketSessionSweeper}), and unsubscribing or closing frees what it held.
 *
 * <p>Topics may also be given at connect time, {@code /ws/notifications?topic=job:<id>}, which
 * avoids a race: a frame sent right after the handshake can reach the server before its handler
 * is installed and be lost. The server sends {@code {"type": "ready"}} once it listens (after
 * subscribing any query topics); clients that subscribe by message should wait for it.
 *
 * <p>Threading: {@code @OnOpen} stays on the event loop and does no I/O; it keeps the presented
 * token (never logged, never sent back). The user is resolved on the blocking pool and cached in
 * the session.
 */
@ServerWebSocket("/ws/notifications")
public class NotificationsSocket {

    private static final String USER = "deckhand.user";
    private static final String CREDENTIAL = "deckhand.credential";
    private static final String ADMIN_NETWORK = "deckhand.admin_network";
    private final ApiAuth auth;
    private final RunService runs;
    private final TopicSubscriptions subscriptions;
    private final OpenSockets sockets;
    private final AdminAccess adminAccess;
    private final SecuritySettings security;
    private final JsonMapper json;
    private final ExecutorService blocking;

    public NotificationsSocket(ApiAuth auth, RunService runs, TopicSubscriptions subscriptions, OpenSockets sockets,
                               AdminAccess adminAccess, SecuritySettings security, JsonMapper json,
                               @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.sockets = sockets;
        this.adminAccess = adminAccess;
        this.blocking = blocking;
        this.auth = auth;
        this.runs = runs;
        this.subscriptions = subscriptions;
        this.security = security;
        this.json = json;
    }

    @OnOpen
    public void open(WebSocketSession session, HttpRequest<?> request) {
        String origin = request.getHeaders().get("Origin");
        if (origin != null && !originAllowed(origin)) {
            session.close(CloseReason.POLICY_VIOLATION);
            return;
        }
        auth.credential(request).ifPresent(c -> session.put(CREDENTIAL, c));
        // The true client IP is known now (the upgrade request); no I/O, so fine on the event loop.
        session.put(ADMIN_NETWORK, adminAccess.isAllowedClient(request));
        List<String> topics = request.getParameters().getAll("topic");
        // Never write from inside @OnOpen: the frame handler is installed on the event loop right
        // after this method returns, so "ready" is sent from another thread, which queues the write
        // behind that installation. A client that answers "ready" is then always heard.
        blocking.execute(() -> {
            User user = user(session);
            if (user != null && !sockets.register(session, user.id(), session.get(CREDENTIAL, String.class).orElseThrow())) {
                session.close(new CloseReason(4429, "too many connections"));
                return;
            }
            if (user != null && !session.isOpen()) {
                sockets.remove(session); // closed while we were resolving: @OnClose may have run already
                return;
            }
            if (!topics.isEmpty()) {
                if (user == null) {
                    session.close(new CloseReason(4401, "sign in first"));
                    return;
                }
                topics.stream().limit(TopicSubscriptions.MAX_TOPICS_PER_SESSION).forEach(t -> subscribe(session, user, t));
            }
            send(session, Map.of("type", "ready"));
        });
    }

    /** The signed-in user of this connection (one query, then cached); null when anonymous. */
    private User user(WebSocketSession session) {
        Optional<User> cached = session.get(USER, User.class);
        if (cached.isPresent()) {
            return cached.get();
        }
        User user = session.get(CREDENTIAL, String.class).flatMap(auth::resolve).orElse(null);
        if (user != null) {
            session.put(USER, user);
        }
        return user;
    }

    @OnMessage(maxPayloadLength = 4096)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public void message(String text, WebSocketSession session) {
        User user = user(session);
        if (user == null) {
            session.close(new CloseReason(4401, "sign in first"));
            return;
        }
        Map<String, Object> msg;
        try {
            msg = json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (Exception e) {
            send(session, Map.of("type", "error", "detail", "messages are JSON objects"));
            return;
        }
        String action = String.valueOf(msg.getOrDefault("action", msg.get("type")));
        String topic = String.valueOf(msg.get("topic"));
        if ("unsubscribe".equals(action)) {
            subscriptions.remove(session, topic);
            send(session, Map.of("type", "unsubscribed", "topic", topic));
        } else if ("subscribe".equals(action)) {
            subscribe(session, user, topic);
        } else {
            send(session, Map.of("type", "error", "detail", "action must be subscribe or unsubscribe"));
        }
    }

    private void subscribe(WebSocketSession session, User user, String topic) {
        if (!maySee(viewer(session, user), topic)) {
            send(session, Map.of("type", "error", "topic", topic, "detail", "unknown topic"));
        } else if (!subscriptions.add(session, topic)) {
            send(session, Map.of("type", "error", "topic", topic, "detail", "too many subscriptions"));
        } else {
            send(session, Map.of("type", "subscribed", "topic", topic));
        }
    }

    @OnClose
    public void close(WebSocketSession session) {
        subscriptions.removeAll(session);
        sockets.remove(session);
    }

    /** Admin powers only when the upgrade request came from an admin network. */
    private Viewer viewer(WebSocketSession session, User user) {
        return Viewer.of(user, session.get(ADMIN_NETWORK, Boolean.class).orElse(false));
    }

    /** Unknown and forbidden topics get the same answer, so ids cannot be probed. */
    boolean maySee(Viewer viewer, String topic) {
        int colon = topic.indexOf(':');
        if (colon < 0) {
            return false;
        }
        UUID id;
        try {
            id = UUID.fromString(topic.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            return switch (topic.substring(0, colon)) {
                case "user" -> viewer.maySee(id);
                case "job" -> runs.job(viewer, id) != null;
                case "preflight" -> runs.preflight(viewer, id) != null;
                default -> false;
            };
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean originAllowed(String origin) {
        try {
            URI u = new URI(origin.strip());
            return u.getRawAuthority() != null && !u.getRawAuthority().contains("@")
                    && security.allowedHosts().allows(u.getRawAuthority());
        } catch (Exception e) {
            return false;
        }
    }

    private void send(WebSocketSession session, Map<String, ?> payload) {
        try {
            session.sendAsync(json.writeValueAsString(new LinkedHashMap<>(payload)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
