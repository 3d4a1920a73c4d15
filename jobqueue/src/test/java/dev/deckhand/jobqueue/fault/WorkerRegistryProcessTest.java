package dev.deckhand.jobqueue.fault;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.QueueMinute;
import dev.deckhand.jobqueue.WorkerProcess;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.jobqueue.redis.RedisQueueAdmin;
import dev.deckhand.jobqueue.testsupport.Clients;
import dev.deckhand.jobqueue.testsupport.EffectHandler;
import dev.deckhand.jobqueue.testsupport.RuntimeWorkerMain;
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
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's view of real worker proctype processes (separate JVMs running
 * {@link dev.deckhand.jobqueue.micronaut.WorkerRuntime}, issue 15): the live registry lists each
 * process and its running jobs and forgets one killed with -9; quiet stops a process fetching
 * while its running job finishes; a paused queue is not fetched (also by a worker started later)
 * while the other queue flows; a running job is cancelled; the per-minute history counts real
 * jobs. Visibility 3 s, so a silent process leaves the registry within 3 s of its last heartbeat.
 */
@ExtendWith(RedisExtension.class)
class WorkerRegistryProcessTest {

    private static final String VISIBILITY_SECONDS = "3";

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

    private Process worker(String queues) throws Exception {
        return processes.start(RuntimeWorkerMain.class, url, queues, VISIBILITY_SECONDS, "5");
    }

    private Optional<WorkerProcess> listed(Process p) {
        return admin.processes().stream().filter(w -> w.pid() == p.pid()).findFirst();
    }

    private long completed(String id) {
        String v = redis.hget(EffectHandler.COMPLETED, id);
        return v == null ? 0 : Long.parseLong(v);
    }

    @Test
    void twoProcessesAreListedWithTheirRunningJobsAndAKilledOneDisappears() throws Exception {
        Process a = worker("default=2,short=3");
        Process b = worker("short=1");
        await().until(() -> admin.processes().size() == 2);
        WorkerProcess wa = listed(a).orElseThrow();
        assertThat(wa.proctype()).isEqualTo("worker");
        assertThat(wa.queues()).containsExactlyInAnyOrderEntriesOf(Map.of("default", 2, "short", 3));
        assertThat(wa.concurrency()).isEqualTo(5);
        assertThat(wa.host()).isNotBlank();
        assertThat(wa.version()).isNotBlank();
        assertThat(wa.state()).isEqualTo(WorkerProcess.State.RUNNING);
        assertThat(wa.startedAt()).isBefore(wa.lastHeartbeat().plusMillis(1));
        assertThat(listed(b).orElseThrow().queues()).containsExactly(Map.entry("short", 1));

        // Only a consumes default: the job is its, and the registry and the in-flight list say so.
        String job = enqueuer.enqueue(EnqueueRequest.of("effect", Map.of("sleepMs", "600000")));
        await().until(() -> listed(a).orElseThrow().runningJobIds().contains(job));
        assertThat(listed(a).orElseThrow().busy()).isEqualTo(1);
        assertThat(admin.job(job).orElseThrow().worker()).isEqualTo(wa.id());

        a.destroyForcibly().waitFor(); // kill -9: no goodbye
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(a).isEmpty());
        assertThat(admin.processes()).singleElement().satisfies(w -> assertThat(w.pid()).isEqualTo(b.pid()));
    }

    @Test
    void quietProcessStopsFetchingWhileItsRunningJobFinishes() throws Exception {
        Process a = worker("default=2");
        String running = enqueuer.enqueue(EnqueueRequest.of("effect", Map.of("sleepMs", "6000")));
        await().until(() -> listed(a).map(w -> w.runningJobIds().contains(running)).orElse(false));

        assertThat(admin.quiet(listed(a).orElseThrow().id())).isTrue();
        await().until(() -> listed(a).orElseThrow().state() == WorkerProcess.State.QUIET);
        assertThat(listed(a).orElseThrow().draining()).isTrue();
        String waiting = enqueuer.enqueue(EnqueueRequest.of("effect", Map.of()));

        await().atMost(Duration.ofSeconds(60)).until(() -> completed(running) == 1);
        // The ack follows the handler's effect (batched by the Acker), so the state catches up.
        await().until(() -> admin.state(running).orElse("").equals("succeeded"));
        await().until(() -> listed(a).orElseThrow().busy() == 0);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> admin.state(waiting).orElse("").equals("ready"));
        assertThat(listed(a).orElseThrow().state()).isEqualTo(WorkerProcess.State.QUIET);
        assertThat(admin.quiet("no-such-process")).isFalse();

        worker("default=1"); // another process takes what the quiet one leaves
        await().atMost(Duration.ofSeconds(60)).until(() -> completed(waiting) == 1);
    }

    @Test
    void pausedQueueIsNotFetchedByAnyWorkerWhileTheOtherFlows_cancelAndHistoryOnRealJobs() throws Exception {
        assertThat(admin.pause("default")).isTrue();
        assertThat(admin.pause("default")).isFalse();
        worker("default=2,short=2");
        List<String> held = enqueuer.enqueueAll(IntStream.range(0, 5)
                .mapToObj(i -> EnqueueRequest.of("effect", Map.of("sleepMs", "50"))).toList());
        List<String> flowing = enqueuer.enqueueAll(IntStream.range(0, 5)
                .mapToObj(i -> EnqueueRequest.of("effect", Map.of("sleepMs", "50")).onQueue("short")).toList());
        await().atMost(Duration.ofSeconds(60)).until(() -> flowing.stream().allMatch(id -> completed(id) == 1));
        assertThat(held).allMatch(id -> admin.state(id).orElse("").equals("ready"));

        worker("default=2"); // a worker started after the pause reads it from Redis too
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> admin.stats("default").ready() == 5 && admin.stats("default").inFlight() == 0);
        assertThat(admin.pausedQueues()).containsExactly("default");

        assertThat(admin.resume("default")).isTrue();
        assertThat(admin.pausedQueues()).isEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> held.stream().allMatch(id -> completed(id) == 1));

        // Cancel a job while a worker process runs it: its JobContext sees the cancel at the next step.
        String steps = enqueuer.enqueue(EnqueueRequest.of("steps", Map.of("steps", "2000")));
        await().until(() -> admin.state(steps).orElse("").equals("running"));
        assertThat(admin.cancel(steps)).contains("cancelling");
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(steps).orElse("").equals("cancelled"));
        assertThat(completed(steps)).isZero();

        String poison = enqueuer.enqueue(EnqueueRequest.of("poison", Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(poison).orElse("").equals("dead"));

        // The history counted all of it server-side (summed over the last minutes: a minute may turn).
        List<QueueMinute> def = admin.history("default", 5);
        assertThat(def).hasSize(5);
        assertThat(def.get(4).minute()).isAfter(def.get(0).minute());
        assertThat(def.stream().mapToLong(QueueMinute::succeeded).sum()).isEqualTo(5);
        assertThat(def.stream().mapToLong(QueueMinute::cancelled).sum()).isEqualTo(1);
        assertThat(def.stream().mapToLong(QueueMinute::retried).sum()).isEqualTo(2);
        assertThat(def.stream().mapToLong(QueueMinute::dead).sum()).isEqualTo(1);
        assertThat(def.stream().mapToLong(QueueMinute::runMsTotal).sum()).isGreaterThanOrEqualTo(5 * 50);
        assertThat(def.stream().mapToLong(QueueMinute::waitMsTotal).sum()).as("held while paused").isPositive();
        assertThat(admin.history("short", 5).stream().mapToLong(QueueMinute::succeeded).sum()).isEqualTo(5);
    }
}
