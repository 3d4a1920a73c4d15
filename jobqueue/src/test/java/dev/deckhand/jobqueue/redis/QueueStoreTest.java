package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.jobqueue.redis.QueueStore.Settlement;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Lua state machine against a real Redis: leases, fencing, scheduling, uniqueness, the dead set. */
@ExtendWith(RedisExtension.class)
class QueueStoreTest {

    private static RedisClient redis;
    private static QueueOptions options;
    private QueueStore store;
    private RedisJobEnqueuer enqueuer;
    private RedisQueueAdmin admin;

    @BeforeAll
    static void connect(TestRedis r) {
        redis = dev.deckhand.jobqueue.testsupport.Clients.pooled(r.redisUrl(), 8);
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        redis.flushDB();
        options = QueueOptions.defaults().withVisibility(Duration.ofSeconds(30));
        store = new QueueStore(redis, options);
        enqueuer = new RedisJobEnqueuer(redis, options, type -> "default");
        admin = new RedisQueueAdmin(redis, options);
    }

    @Test
    void enqueueFetchAckRoundTrip() {
        String id = enqueuer.enqueue(EnqueueRequest.of("t", Map.of("planId", "42")));
        QueueStore.FetchResult r = store.fetch("default", 10);
        assertThat(r.jobs()).singleElement().satisfies(j -> {
            assertThat(j.id()).isEqualTo(id);
            assertThat(j.args()).containsEntry("planId", "42");
            assertThat(j.attempt()).isEqualTo(1);
            assertThat(j.type()).isEqualTo("t");
        });
        assertThat(admin.stats("default").inFlight()).isEqualTo(1);
        assertThat(store.ack(List.of(new Settlement(r.jobs().get(0), "succeeded")))).isEmpty();
        QueueStats s = admin.stats("default");
        assertThat(s.inFlight()).isZero();
        assertThat(s.succeeded()).isEqualTo(1);
        assertThat(admin.state(id)).contains("succeeded");
        assertThat(redis.zscore(options.keys().finished("default"), id)).as("kept for the finished TTL").isNotNull();
        assertThat(admin.queues()).contains("default");
    }

    @Test
    void oneFetchLeasesInEnqueueOrderAndOneAckSettlesSeveralQueuesRejectingOnlyTheSupersededLease() {
        List<String> ids = enqueuer.enqueueAll(List.of(EnqueueRequest.of("t", Map.of()), EnqueueRequest.of("t", Map.of()),
                EnqueueRequest.of("t", Map.of()), EnqueueRequest.of("t", Map.of()).onQueue("short"),
                EnqueueRequest.of("t", Map.of()).onQueue("short")));
        List<FetchedJob> def = store.fetch("default", 10).jobs();
        List<FetchedJob> shrt = store.fetch("short", 10).jobs();
        assertThat(def).extracting(FetchedJob::id).containsExactlyElementsOf(ids.subList(0, 3));
        assertThat(shrt).extracting(FetchedJob::id).containsExactlyElementsOf(ids.subList(3, 5));
        FetchedJob held = def.get(1);
        FetchedJob superseded = new FetchedJob(held.id(), "0", held.queue(), held.type(), held.args(), held.attempt(),
                held.enqueuedAtMs(), held.startedAtMs());

        List<String> rejected = store.ack(List.of(new Settlement(def.get(0), "succeeded"), new Settlement(superseded, "succeeded"),
                new Settlement(shrt.get(0), "succeeded"), new Settlement(def.get(2), "cancelled"),
                new Settlement(shrt.get(1), "succeeded")));

        assertThat(rejected).containsExactly(held.id());
        assertThat(admin.state(held.id())).contains("running");
        assertThat(admin.state(def.get(2).id())).contains("cancelled");
        QueueStats d = admin.stats("default");
        assertThat(d.inFlight()).isEqualTo(1);
        assertThat(d.succeeded()).isEqualTo(1);
        assertThat(d.rejectedAcks()).isEqualTo(1);
        QueueStats s = admin.stats("short");
        assertThat(s.inFlight()).isZero();
        assertThat(s.succeeded()).isEqualTo(2);
        assertThat(store.ack(List.of(new Settlement(held, "succeeded")))).isEmpty();
        assertThat(admin.stats("default").inFlight()).isZero();
    }

    @Test
    void lateAckFromPresumedDeadWorkerIsRejectedByFencing() {
        store = new QueueStore(redis, options.withVisibility(Duration.ofMillis(1)));
        enqueuer.enqueue(EnqueueRequest.of("t", Map.of()));
        FetchedJob first = store.fetch("default", 1).jobs().get(0);
        await().until(() -> store.reap("default", 10).requeued() == 1);
        store = new QueueStore(redis, options);
        FetchedJob second = store.fetch("default", 1).jobs().get(0);
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(Long.parseLong(second.fence())).isGreaterThan(Long.parseLong(first.fence()));

        assertThat(store.heartbeat(List.of(first)).lost()).containsExactly(first.id());
        assertThat(store.ack(List.of(new Settlement(first, "succeeded")))).containsExactly(first.id());
        assertThat(store.fail(first, -1, "late", "")).isFalse();
        assertThat(admin.state(first.id())).contains("running");
        assertThat(store.heartbeat(List.of(second)).lost()).isEmpty();
        assertThat(store.ack(List.of(new Settlement(second, "succeeded")))).isEmpty();
        assertThat(admin.stats("default").rejectedAcks()).isEqualTo(1);
        assertThat(admin.stats("default").redelivered()).isEqualTo(1);
    }

    @Test
    void leaseExpiringTooOftenSendsTheJobToTheDeadSet() {
        store = new QueueStore(redis, options.withVisibility(Duration.ofMillis(1)).withMaxDeliveries(2));
        String id = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()));
        for (int i = 0; i < 2; i++) {
            assertThat(store.fetch("default", 1).jobs()).hasSize(1);
            await().until(() -> {
                store.reap("default", 10);
                return admin.stats("default").inFlight() == 0;
            });
        }
        assertThat(admin.listDead(0, 10)).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(id);
            assertThat(d.reason()).startsWith("worker lost");
        });
    }

    @Test
    void scheduledJobsWaitForTheirTime() {
        String later = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()).in(Duration.ofHours(1)));
        String soon = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()).at(Instant.now().plusMillis(200)));
        assertThat(enqueuer.depth("default")).isEqualTo(2);
        QueueStore.FetchResult none = store.fetch("default", 10);
        assertThat(none.jobs()).isEmpty();
        assertThat(none.msUntilNextScheduled()).isBetween(0L, 200L);
        await().until(() -> !store.fetch("default", 10).jobs().isEmpty());
        assertThat(admin.state(soon)).contains("running");
        assertThat(admin.state(later)).contains("scheduled");
    }

    @Test
    void uniqueKeyReturnsTheLiveJobAndIsReleasedOnCompletion() {
        String a = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()).unique("plan-7"));
        String b = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()).unique("plan-7"));
        assertThat(b).isEqualTo(a);
        FetchedJob j = store.fetch("default", 1).jobs().get(0);
        store.ack(List.of(new Settlement(j, "succeeded")));
        String c = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()).unique("plan-7"));
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void retryThenDeadThenAdminRetryAndDiscard() {
        String id = enqueuer.enqueue(EnqueueRequest.of("t", Map.of("x", "1")));
        FetchedJob j = store.fetch("default", 1).jobs().get(0);
        assertThat(store.fail(j, 0, "boom", "stack")).isTrue();
        assertThat(admin.stats("default").retries()).isEqualTo(1);
        FetchedJob j2 = store.fetch("default", 1).jobs().get(0);
        assertThat(j2.attempt()).isEqualTo(2);
        assertThat(store.fail(j2, -1, "boom again", "at Foo.bar")).isTrue();
        assertThat(admin.deadCount()).isEqualTo(1);
        assertThat(admin.listDead(0, 5)).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("boom again");
            assertThat(d.stackTrace()).isEqualTo("at Foo.bar");
            assertThat(d.args()).containsEntry("x", "1");
            assertThat(d.attempts()).isEqualTo(2);
        });
        assertThat(admin.retryDead(id)).isTrue();
        assertThat(admin.retryDead(id)).isFalse();
        FetchedJob again = store.fetch("default", 1).jobs().get(0);
        assertThat(again.attempt()).isEqualTo(1);
        store.fail(again, -1, "third", "");
        assertThat(admin.discardDead(id)).isTrue();
        assertThat(admin.deadCount()).isZero();
        assertThat(admin.state(id)).isEmpty();
    }

    @Test
    void deadSetIsBoundedBySize() {
        store = new QueueStore(redis, options.withDeadLimits(3, Duration.ofDays(1)));
        enqueuer.enqueueAll(java.util.stream.IntStream.range(0, 5).mapToObj(i -> EnqueueRequest.of("t", Map.of())).toList());
        for (FetchedJob j : store.fetch("default", 5).jobs()) {
            store.fail(j, -1, "dead", "");
        }
        assertThat(admin.deadCount()).isEqualTo(3);
        assertThat(admin.stats("default").dead()).isEqualTo(5);
    }

    @Test
    void cancellingWaitingAndRunningJobs() {
        String waiting = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()).in(Duration.ofHours(1)));
        assertThat(admin.cancel(waiting)).contains("cancelled");
        assertThat(enqueuer.depth("default")).isZero();
        String running = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()));
        FetchedJob j = store.fetch("default", 1).jobs().get(0);
        assertThat(admin.cancel(running)).contains("cancelling");
        assertThat(store.cancelRequested(running)).isTrue();
        assertThat(store.heartbeat(List.of(j)).cancelRequested()).containsExactly(running);
        store.ack(List.of(new Settlement(j, "cancelled")));
        assertThat(admin.state(running)).contains("cancelled");
        assertThat(admin.cancel("nope")).isEmpty();
    }

    @Test
    void releaseHandsBackWithoutConsumingAnAttempt() {
        String id = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()));
        FetchedJob j = store.fetch("default", 1).jobs().get(0);
        assertThat(store.release(List.of(j))).isEqualTo(1);
        assertThat(admin.state(id)).contains("ready");
        assertThat(store.fetch("default", 1).jobs().get(0).attempt()).isEqualTo(1);
    }

    @Test
    void scriptsSurviveAScriptFlush() {
        enqueuer.enqueue(EnqueueRequest.of("t", Map.of()));
        redis.scriptFlush();
        assertThat(store.fetch("default", 1).jobs()).hasSize(1);
    }
}
