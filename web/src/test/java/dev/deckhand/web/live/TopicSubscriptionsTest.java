package dev.deckhand.web.live;

import io.micronaut.websocket.WebSocketSession;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscriptions hold nothing for a topic or session once it has none left: a long-lived web
 * process whose clients subscribe and unsubscribe all day must not grow (issue 13 item 8).
 */
class TopicSubscriptionsTest {

    /** A stand-in WebSocket session: only its id and identity matter to TopicSubscriptions. */
    static WebSocketSession session() {
        String id = UUID.randomUUID().toString();
        return (WebSocketSession) Proxy.newProxyInstance(TopicSubscriptionsTest.class.getClassLoader(),
                new Class<?>[] {WebSocketSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId", "toString" -> id;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "isOpen" -> true;
                    default -> null;
                });
    }

    @Test
    void unsubscribingTheLastTopicOfASessionFreesBothIndexes() {
        TopicSubscriptions subs = new TopicSubscriptions();
        WebSocketSession a = session();
        WebSocketSession b = session();
        for (int i = 0; i < 1000; i++) {
            String topic = "job:" + UUID.randomUUID();
            assertThat(subs.add(a, topic)).isTrue();
            assertThat(subs.add(b, topic)).isTrue();
            subs.remove(a, topic);
            assertThat(subs.sessions(topic)).containsExactly(b);
            subs.remove(b, topic);
            assertThat(subs.sessions(topic)).isEmpty();
        }
        assertThat(subs.trackedTopics()).isZero();
        assertThat(subs.trackedSessions()).isZero();
    }

    @Test
    void closingASessionFreesTopicsNobodyElseFollows() {
        TopicSubscriptions subs = new TopicSubscriptions();
        WebSocketSession a = session();
        WebSocketSession b = session();
        subs.add(a, "user:1");
        subs.add(a, "job:1");
        subs.add(b, "job:1");
        subs.removeAll(a);
        assertThat(subs.sessions("job:1")).containsExactly(b);
        assertThat(subs.sessions("user:1")).isEmpty();
        assertThat(subs.trackedTopics()).isEqualTo(1);
        assertThat(subs.trackedSessions()).isEqualTo(1);
        subs.removeAll(b);
        assertThat(subs.trackedTopics()).isZero();
        assertThat(subs.trackedSessions()).isZero();
    }

    @Test
    void aSessionCannotFollowMoreThanTheCap() {
        TopicSubscriptions subs = new TopicSubscriptions();
        WebSocketSession a = session();
        for (int i = 0; i < TopicSubscriptions.MAX_TOPICS_PER_SESSION; i++) {
            assertThat(subs.add(a, "job:" + i)).isTrue();
        }
        assertThat(subs.add(a, "job:one-more")).isFalse();
        assertThat(subs.sessions("job:one-more")).isEmpty();
    }
}
