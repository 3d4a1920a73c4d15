package dev.deckhand.jobqueue.fault;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.jobqueue.redis.RedisQueueAdmin;
import dev.deckhand.jobqueue.testsupport.Clients;
import dev.deckhand.jobqueue.testsupport.EffectHandler;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Faults on REAL worker processes (separate JVMs): kill -9, SIGTERM, SIGSTOP/SIGCONT, and a Redis
 * restart. Visibility timeout 2 s so lost leases come back quickly.
 */
@ExtendWith(RedisExtension.class)
class WorkerProcessFaultTest {

    private static final long VISIBILITY_MS = 2000;

    private RedisClient redis;
    private RedisJobEnqueuer enqueuer;
    private RedisQueueAdmin admin;
    private String url;
    private final WorkerProcesses processes = new WorkerProcesses();

    @BeforeEach
    void setUp(TestRedis r) {
        url = r.redisUrl();
        redis = Clients.pooled(url, 16);
        redis.flushDB();
        enqueuer = new RedisJobEnqueuer(redis, QueueOptions.defaults(), t -> "default");
        admin = new RedisQueueAdmin(redis, QueueOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        processes.close();
        redis.close();
    }

    private long count(String hash, String id) {
        String v = redis.hget(hash, id);
        return v == null ? 0 : Long.parseLong(v);
    }

    private List<String> effects(int n, String sleepMs, String redeliveredSleepMs) {
        return enqueuer.enqueueAll(IntStream.range(0, n).mapToObj(i -> EnqueueRequest.of("effect",
                Map.of("sleepMs", sleepMs, "redeliveredSleepMs", redeliveredSleepMs))).toList());
    }

    @Test
    void killMinus9WithTenInFlightJobs_allCompleteOnAnotherWorkerExactlyOnce() throws Exception {
        Process doomed = processes.start(url, "default=10", VISIBILITY_MS, 5000);
        List<String> ids = effects(10, "600000", "0");
        await().until(() -> ids.stream().allMatch(id -> count(EffectHandler.STARTS, id) == 1));
        assertThat(admin.stats("default").inFlight()).isEqualTo(10);

        doomed.destroyForcibly().waitFor();
        processes.start(url, "default=10", VISIBILITY_MS, 5000);

        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> count(EffectHandler.COMPLETED, id) == 1));
        assertThat(ids).allMatch(id -> count(EffectHandler.STARTS, id) == 2);
        assertThat(ids).allMatch(id -> admin.state(id).orElse("").equals("succeeded"));
        assertThat(admin.stats("default").redelivered()).isEqualTo(10);
        assertThat(admin.stats("default").inFlight()).isZero();
        assertThat(admin.deadCount()).isZero();
    }

    @Test
    void sigtermMidJob_shortJobsFinishLongJobsAreHandedBackAndTheProcessExitsZero() throws Exception {
        long drainMs = 3000;
        Process worker = processes.start(url, "default=5", VISIBILITY_MS, drainMs);
        List<String> shortJobs = effects(3, "1000", "0");
        // Ignores cancellation: handed back when the drain timeout expires.
        String stubborn = effects(1, "600000", "0").get(0);
        // Checks cancellation between steps: stops at once and is handed back.
        String cooperative = enqueuer.enqueue(EnqueueRequest.of("steps", Map.of("steps", "100000")));
        List<String> all = new java.util.ArrayList<>(shortJobs);
        all.add(stubborn);
        all.add(cooperative);
        await().until(() -> all.stream().allMatch(id -> count(EffectHandler.STARTS, id) == 1));

        WorkerProcesses.signal(worker, "TERM");
        // Some supervisors repeat the signal: it must not cut the drain short.
        WorkerProcesses.signal(worker, "TERM");
        assertThat(worker.waitFor(drainMs + 10_000, TimeUnit.MILLISECONDS)).as("exited within the drain").isTrue();
        assertThat(worker.exitValue()).isZero();

        assertThat(shortJobs).allMatch(id -> count(EffectHandler.COMPLETED, id) == 1)
                .allMatch(id -> admin.state(id).orElse("").equals("succeeded"));
        for (String handedBack : List.of(stubborn, cooperative)) {
            assertThat(admin.state(handedBack)).contains("ready");
            assertThat(redis.hget("dh:job:" + handedBack, "attempt")).isEqualTo("0");
            assertThat(count(EffectHandler.COMPLETED, handedBack)).isZero();
        }
        assertThat(admin.stats("default").ready()).isEqualTo(2);
        assertThat(admin.stats("default").inFlight()).isZero();
        assertThat(admin.deadCount()).isZero();
        assertThat(admin.stats("default").retries()).isZero();
    }

    @Test
    void sigstopPastTheVisibilityTimeout_lateAckIsRejectedByFencing() throws Exception {
        Process frozen = processes.start(url, "default=1", VISIBILITY_MS, 5000);
        String id = effects(1, "4000", "4000").get(0);
        await().until(() -> count(EffectHandler.STARTS, id) == 1);

        WorkerProcesses.signal(frozen, "STOP");
        processes.start(url, "default=1", VISIBILITY_MS, 5000);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(EffectHandler.STARTS, id) == 2);
        WorkerProcesses.signal(frozen, "CONT");

        await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(id).orElse("").equals("succeeded")
                && admin.stats("default").rejectedAcks() == 1);
        // Both attempts ran their body; only the current lease holder's ack counted: the frozen
        // worker's ack was the rejected one.
        await().until(() -> count(EffectHandler.COMPLETED, id) == 2);
        await().until(() -> processes.output(frozen).contains("ack rejected for job " + id));
        assertThat(redis.hget("dh:job:" + id, "attempt")).isEqualTo("2");
        assertThat(admin.stats("default").succeeded()).isEqualTo(1);
        assertThat(admin.stats("default").redelivered()).isEqualTo(1);
    }

    @Test
    void redisRestartedMidRun_workersReconnectAndEnqueueDuringTheOutageFailsLoudly() throws Exception {
        try (TestRedis dedicated = RedisExtension.dedicated();
             RedisClient client = Clients.pooled(dedicated.redisUrl(), 8)) {
            RedisJobEnqueuer producer = new RedisJobEnqueuer(client, QueueOptions.defaults(), t -> "default");
            RedisQueueAdmin stats = new RedisQueueAdmin(client, QueueOptions.defaults());
            processes.start(dedicated.redisUrl(), "default=4", VISIBILITY_MS, 5000);
            producer.enqueueAll(IntStream.range(0, 20).mapToObj(i -> EnqueueRequest.of("effect", Map.of())).toList());
            await().until(() -> stats.stats("default").succeeded() == 20);

            dedicated.stop();
            assertThatThrownBy(() -> producer.enqueue(EnqueueRequest.of("effect", Map.of())))
                    .isInstanceOf(QueueUnavailableException.class);
            dedicated.start();

            // The server came back empty (no persistence in tests): new work must flow without a restart.
            List<String> after = producer.enqueueAll(IntStream.range(0, 20)
                    .mapToObj(i -> EnqueueRequest.of("effect", Map.of())).toList());
            await().atMost(Duration.ofSeconds(60)).until(() -> stats.stats("default").succeeded() == 20
                    && after.stream().allMatch(id -> "1".equals(client.hget(EffectHandler.COMPLETED, id))));
        }
    }
}
