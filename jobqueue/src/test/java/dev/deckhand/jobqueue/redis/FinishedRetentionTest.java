package dev.deckhand.jobqueue.redis;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.QueueKeys;
import dev.deckhand.jobqueue.redis.QueueStore.Settlement;
import dev.deckhand.jobqueue.testsupport.Clients;
import dev.deckhand.jobqueue.testsupport.EffectHandler;
import dev.deckhand.jobqueue.worker.QueueWorker;
import dev.deckhand.jobqueue.worker.WorkerConfig;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finished jobs (succeeded, or cancelled by ack, by an admin cancel or by a failure after a cancel
 * request) are kept for the finished TTL through the queue's finished zset ({@link QueueKeys#finished}),
 * not a per-job EXPIRE: still readable by the admin until a sweep past their TTL (the next ack,
 * cancel or reap of the queue) deletes the hash and the zset entry together, at most a bounded
 * batch per call. No test waits a fixed time: each awaits the Redis clock passing the TTL.
 */
@ExtendWith(RedisExtension.class)
class FinishedRetentionTest {

    private static final Duration TTL = Duration.ofSeconds(1);

    private static RedisClient redis;
    private QueueOptions options;
    private QueueKeys keys;
    private QueueStore store;
    private RedisJobEnqueuer enqueuer;
    private RedisQueueAdmin admin;

    @BeforeAll
    static void connect(TestRedis r) {
        redis = Clients.pooled(r.redisUrl(), 16);
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        redis.flushDB();
        options = QueueOptions.defaults().withFinishedTtl(TTL);
        keys = options.keys();
        store = new QueueStore(redis, options);
        enqueuer = new RedisJobEnqueuer(redis, options, type -> "default");
        admin = new RedisQueueAdmin(redis, options);
    }

    @Test
    void aSucceededJobIsKeptWithoutAnExpiryAndGoneAfterTheNextAckPastItsTtl() {
        enqueuer.enqueueAll(List.of(EnqueueRequest.of("t", Map.of()), EnqueueRequest.of("t", Map.of())));
        FetchedJob a = store.fetch("default", 1).jobs().get(0);
        assertThat(store.ack(List.of(new Settlement(a, "succeeded")))).isEmpty();
        assertKeptWithoutExpiry(a.id(), "succeeded");
        assertThat(admin.job(a.id()).orElseThrow().finishedAt()).isNotNull();

        awaitRedisClockPastTtlOf(a.id());
        FetchedJob b = store.fetch("default", 1).jobs().get(0);
        assertThat(store.ack(List.of(new Settlement(b, "succeeded")))).isEmpty();

        assertThat(admin.state(a.id())).as("swept by the ack past its TTL").isEmpty();
        assertThat(redis.zscore(keys.finished("default"), a.id())).isNull();
        assertThat(admin.state(b.id())).as("the job this ack finished is kept").contains("succeeded");
        assertThat(redis.zrange(keys.finished("default"), 0, -1)).containsExactly(b.id());
    }

    @Test
    void sweepsBeforeTheTtlKeepFinishedJobsReadable() {
        store = new QueueStore(redis, options.withFinishedTtl(Duration.ofHours(1)));
        admin = new RedisQueueAdmin(redis, options.withFinishedTtl(Duration.ofHours(1)));
        List<String> ids = enqueuer.enqueueAll(List.of(EnqueueRequest.of("t", Map.of()), EnqueueRequest.of("t", Map.of()),
                EnqueueRequest.of("t", Map.of())));
        List<FetchedJob> jobs = store.fetch("default", 2).jobs();
        store.ack(List.of(new Settlement(jobs.get(0), "succeeded"), new Settlement(jobs.get(1), "cancelled")));
        assertThat(admin.cancel(ids.get(2))).contains("cancelled");
        store.reap("default", 10);

        assertThat(admin.state(ids.get(0))).contains("succeeded");
        assertThat(admin.state(ids.get(1))).contains("cancelled");
        assertThat(admin.state(ids.get(2))).contains("cancelled");
        assertThat(redis.zrange(keys.finished("default"), 0, -1)).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void cancelledJobsAreKeptTheSameWayAndSweptByTheReaper() {
        String waiting = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()).in(Duration.ofHours(1)));
        String running = enqueuer.enqueue(EnqueueRequest.of("t", Map.of()));
        assertThat(admin.cancel(waiting)).contains("cancelled");
        assertKeptWithoutExpiry(waiting, "cancelled");

        FetchedJob j = store.fetch("default", 1).jobs().get(0);
        assertThat(admin.cancel(running)).contains("cancelling");
        assertThat(store.fail(j, 1000, "boom after the cancel request", "")).isTrue();
        assertKeptWithoutExpiry(running, "cancelled");

        awaitRedisClockPastTtlOf(running);
        store.reap("default", 10);
        assertThat(admin.state(waiting)).isEmpty();
        assertThat(admin.state(running)).isEmpty();
        assertThat(redis.exists(keys.finished("default"))).isFalse();
    }

    @Test
    void aBacklogOfExpiredJobsIsSweptInBoundedBatchesLeavingNoJobBehind() {
        int n = 450;
        enqueuer.enqueueAll(IntStream.range(0, n).mapToObj(i -> EnqueueRequest.of("t", Map.of())).toList());
        List<FetchedJob> jobs = new ArrayList<>(store.fetch("default", n).jobs());
        assertThat(jobs).hasSize(n);
        // One call: a call never sweeps the jobs it finishes itself, so all n are kept whatever the host's speed.
        assertThat(store.ack(jobs.stream().map(j -> new Settlement(j, "succeeded")).toList())).isEmpty();
        assertThat(redis.zcard(keys.finished("default"))).isEqualTo(n);

        awaitRedisClockPastTtlOf(jobs.get(n - 1).id());
        QueueStore.Reaped first = store.reap("default", 10);
        assertThat(first.swept()).as("one call sweeps a bounded batch").isEqualTo(200);
        assertThat(first.moreToSweep()).isTrue();
        assertEveryFinishedEntryHasItsJob();
        QueueStore.Reaped r = first;
        while (r.moreToSweep()) {
            r = store.reap("default", 10);
            assertEveryFinishedEntryHasItsJob();
        }
        assertThat(r.swept()).isEqualTo(n - 400);
        assertThat(redis.exists(keys.finished("default"))).isFalse();
        assertThat(redis.keys(keys.jobPattern())).as("no job hash outlives its TTL").isEmpty();
    }

    @Test
    void anIdleWorkersReaperDeletesFinishedJobsPastTheirTtl() {
        WorkerConfig config = new WorkerConfig(QueueSettings.parseQueues("default=2"), Duration.ofSeconds(5), 10,
                options.withVisibility(Duration.ofSeconds(2)));
        try (QueueWorker w = new QueueWorker(redis, config, List.of(new EffectHandler(redis, "default"))).start()) {
            String id = enqueuer.enqueue(EnqueueRequest.of("effect", Map.of()));
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(id).filter("succeeded"::equals).isPresent());
            // No more acks: only the worker's periodic reap runs on this queue now.
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(id).isEmpty());
            assertThat(redis.exists(keys.finished("default"))).isFalse();
            assertThat(w.runningCount()).isZero();
        }
    }

    private void assertKeptWithoutExpiry(String id, String state) {
        assertThat(admin.state(id)).contains(state);
        assertThat(redis.ttl(keys.job(id))).as("no per-job EXPIRE").isEqualTo(-1L);
        assertThat(redis.zscore(keys.finished("default"), id)).isNotNull();
    }

    /** Every id in the finished zset still has its job hash: a sweep removes both in one script. */
    private void assertEveryFinishedEntryHasItsJob() {
        for (String id : redis.zrange(keys.finished("default"), 0, -1)) {
            assertThat(redis.exists(keys.job(id))).as("job hash of finished entry %s", id).isTrue();
        }
    }

    /** Awaits the Redis clock (which the scripts use) passing the job's finish time plus the TTL. */
    private void awaitRedisClockPastTtlOf(String jobId) {
        long due = Long.parseLong(redis.hget(keys.job(jobId), "finished")) + options.finishedTtl().toMillis();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> redisNowMs() > due);
    }

    private long redisNowMs() {
        Object t = redis.eval("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");
        return ((Number) t).longValue();
    }
}
