package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.QueueKeys;
import dev.deckhand.jobqueue.QueueMinute;
import dev.deckhand.jobqueue.WorkerProcess;
import dev.deckhand.jobqueue.redis.QueueStore.Settlement;
import dev.deckhand.jobqueue.testsupport.Clients;
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

/**
 * {@link QueueKeys} is the layout the Lua scripts really write (a custom prefix proves no script
 * hard-codes one), and the admin reads built on it: job pages, pause, history, the registry.
 */
@ExtendWith(RedisExtension.class)
class QueueKeysTest {

    private static RedisClient redis;
    private QueueOptions options;
    private QueueKeys keys;
    private QueueStore store;
    private RedisJobEnqueuer enqueuer;
    private RedisQueueAdmin admin;

    @BeforeAll
    static void connect(TestRedis r) {
        redis = Clients.pooled(r.redisUrl(), 8);
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        redis.flushDB();
        options = QueueOptions.defaults().withPrefix("kt:").withVisibility(Duration.ofSeconds(30));
        keys = options.keys();
        store = new QueueStore(redis, options);
        enqueuer = new RedisJobEnqueuer(redis, options, type -> "default");
        admin = new RedisQueueAdmin(redis, options);
    }

    @Test
    void scriptsWriteTheKeysQueueKeysNames() {
        String ready = enqueuer.enqueue(EnqueueRequest.of("t", Map.of("x", "1")).unique("u1"));
        String later = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()).in(Duration.ofHours(1)));
        assertThat(redis.hget(keys.job(ready), "a:x")).isEqualTo("1");
        assertThat(redis.lrange(keys.ready("default"), 0, -1)).containsExactly(ready);
        assertThat(redis.zscore(keys.scheduled("default"), later)).isNotNull();
        assertThat(redis.llen(keys.notify("default"))).isEqualTo(1);
        assertThat(redis.smembers(keys.queues())).containsExactly("default");
        assertThat(redis.get(keys.unique("u1"))).isEqualTo(ready);

        QueueStore.FetchResult r = store.fetch("default", 10, "proc-1");
        assertThat(redis.zscore(keys.inFlight("default"), ready)).isNotNull();
        assertThat(redis.get(keys.fence())).isEqualTo(r.jobs().get(0).fence());
        assertThat(store.ack(List.of(new Settlement(r.jobs().get(0), "succeeded")))).isEmpty();
        assertThat(redis.get(keys.stat("default", "succeeded"))).isEqualTo("1");
        assertThat(redis.zscore(keys.finished("default"), ready)).isNotNull();
        long minute = Instant.now().getEpochSecond() / 60;
        String hist = redis.exists(keys.history("default", minute)) ? keys.history("default", minute)
                : keys.history("default", minute - 1); // the minute may have turned since the ack
        assertThat(redis.hget(hist, "ok")).isEqualTo("1");
        assertThat(redis.ttl(hist)).as("history expires").isBetween(1L, 90_000L);

        admin.pause("default");
        assertThat(redis.smembers(keys.paused())).containsExactly("default");
        store.register("p1", Map.of("host", "h"));
        assertThat(redis.hget(keys.process("p1"), "host")).isEqualTo("h");
        assertThat(redis.zscore(keys.processes(), "p1")).isNotNull();

        assertThat(redis.keys("*")).allMatch(k -> k.startsWith("kt:"));
        assertThat(keys.jobId(keys.job("abc"))).isEqualTo("abc");
        assertThat(QueueKeys.DEFAULT.ready("default")).isEqualTo("dh:q:default:ready");
    }

    @Test
    void pausedQueueLeasesNothingUntilResumedAndEnqueueStillWorks() {
        assertThat(admin.pause("default")).isTrue();
        String id = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()));
        assertThat(store.fetch("default", 10, "p").jobs()).isEmpty();
        assertThat(redis.llen(keys.notify("default"))).as("no wake-up tokens to spin on").isZero();
        assertThat(admin.stats("default").ready()).isEqualTo(1);
        assertThat(admin.resume("default")).isTrue();
        assertThat(admin.resume("default")).isFalse();
        assertThat(store.awaitWork("default", 100)).as("resume wakes idle consumers").isTrue();
        assertThat(store.fetch("default", 10, "p").jobs()).extracting(FetchedJob::id).containsExactly(id);
    }

    @Test
    void aLeasedJobNamesTheWorkerProcessRunningIt() {
        String id = enqueuer.enqueue(EnqueueRequest.of("a", Map.of()));
        store.fetch("default", 1, "host:1:x");
        assertThat(admin.job(id).orElseThrow().worker()).isEqualTo("host:1:x");
        String other = enqueuer.enqueue(EnqueueRequest.of("b", Map.of()));
        assertThat(admin.job(other).orElseThrow().worker()).isNull();
    }

    @Test
    void historyCountsAcksFailuresAndDeathsPerMinute() {
        enqueuer.enqueueAll(List.of(EnqueueRequest.of("t", Map.of()), EnqueueRequest.of("t", Map.of()),
                EnqueueRequest.of("t", Map.of()), EnqueueRequest.of("t", Map.of())));
        List<FetchedJob> jobs = store.fetch("default", 4, "").jobs();
        store.ack(List.of(new Settlement(jobs.get(0), "succeeded"), new Settlement(jobs.get(1), "succeeded"),
                new Settlement(jobs.get(2), "cancelled")));
        store.fail(jobs.get(3), 10_000, "boom", "");
        List<QueueMinute> h = admin.history("default", 3);
        assertThat(h).hasSize(3);
        assertThat(h.get(2).minute()).isEqualTo(h.get(1).minute().plusSeconds(60));
        assertThat(h.stream().mapToLong(QueueMinute::succeeded).sum()).isEqualTo(2);
        assertThat(h.stream().mapToLong(QueueMinute::cancelled).sum()).isEqualTo(1);
        assertThat(h.stream().mapToLong(QueueMinute::failed).sum()).isEqualTo(1);
        assertThat(admin.history("default", 100_000)).hasSize(QueueKeys.HISTORY_MINUTES);
        assertThat(admin.history("other", 2)).hasSize(2).allSatisfy(m -> assertThat(m.succeeded()).isZero());
    }

    @Test
    void registeredProcessIsListedUntilItsEntryExpiresAndCanBeQuieted() {
        QueueOptions shortTtl = options.withVisibility(Duration.ofSeconds(1));
        QueueStore s = new QueueStore(redis, shortTtl);
        assertThat(s.register("h:1:a", ProcessFields.of("h", 1, "worker", Map.of("default", 3), "1.0", 1000,
                List.of("j1", "j2"), "running"))).isFalse();
        assertThat(admin.processes()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("h:1:a");
            assertThat(p.queues()).containsEntry("default", 3);
            assertThat(p.busy()).isEqualTo(2);
            assertThat(p.runningJobIds()).containsExactly("j1", "j2");
            assertThat(p.state()).isEqualTo(WorkerProcess.State.RUNNING);
            assertThat(p.lastHeartbeat()).isAfter(Instant.now().minusSeconds(60));
        });
        assertThat(admin.quiet("h:1:a")).isTrue();
        assertThat(s.register("h:1:a", Map.of("state", "quiet"))).as("the next heartbeat carries the request").isTrue();
        assertThat(admin.processes()).singleElement().satisfies(p -> assertThat(p.state()).isEqualTo(WorkerProcess.State.QUIET));
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.processes().isEmpty());
        assertThat(redis.zcard(keys.processes())).as("expired entries are pruned").isZero();
        assertThat(admin.quiet("h:1:a")).isFalse();
    }

    @Test
    void aWorkerWithAShortTtlDoesNotPruneALiveWorkerWithALongerOne() {
        QueueStore longLived = new QueueStore(redis, options.withVisibility(Duration.ofSeconds(60)));
        QueueStore shortLived = new QueueStore(redis, options.withVisibility(Duration.ofMillis(500)));
        longLived.register("long", Map.of("host", "a"));
        // The short-lived worker beats many times past its own TTL; the other's entry must stay listed.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> {
            shortLived.register("short", Map.of("host", "b"));
            return admin.processes().stream().anyMatch(p -> p.id().equals("long"));
        });
    }
}
