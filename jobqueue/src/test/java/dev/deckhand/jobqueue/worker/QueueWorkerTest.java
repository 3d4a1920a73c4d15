package dev.deckhand.jobqueue.worker;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.QueueKeys;
import dev.deckhand.jobqueue.RetryPolicy;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.jobqueue.redis.RedisQueueAdmin;
import dev.deckhand.jobqueue.testsupport.Clients;
import dev.deckhand.jobqueue.testsupport.CooperativeHandler;
import dev.deckhand.jobqueue.testsupport.EffectHandler;
import dev.deckhand.jobqueue.testsupport.PoisonHandler;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A worker in this JVM against a real Redis: retries, dead set, timeouts, cancellation, isolation. */
@ExtendWith(RedisExtension.class)
class QueueWorkerTest {

    private static RedisClient redis;
    private final List<QueueWorker> workers = new ArrayList<>();
    private RedisJobEnqueuer enqueuer;
    private RedisQueueAdmin admin;

    @BeforeAll
    static void connect(TestRedis r) {
        redis = Clients.pooled(r.redisUrl(), 64);
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        redis.flushDB();
        enqueuer = new RedisJobEnqueuer(redis, QueueOptions.defaults(), t -> "default");
        admin = new RedisQueueAdmin(redis, QueueOptions.defaults());
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(QueueWorker::close);
    }

    private QueueWorker worker(String queues, Duration visibility, JobHandler... handlers) {
        WorkerConfig config = new WorkerConfig(QueueSettings.parseQueues(queues), Duration.ofSeconds(5), 100,
                QueueOptions.defaults().withVisibility(visibility));
        QueueWorker w = new QueueWorker(redis, config, List.of(handlers)).start();
        workers.add(w);
        return w;
    }

    private long completed(String id) {
        String v = redis.hget(EffectHandler.COMPLETED, id);
        return v == null ? 0 : Long.parseLong(v);
    }

    @Test
    void poisonJobReachesTheDeadSetAfterMaxAttemptsWhileOtherJobsFlow() {
        QueueWorker w = worker("default=4", Duration.ofSeconds(30), new PoisonHandler(), new EffectHandler(redis, "default"));
        String poison = enqueuer.enqueue(EnqueueRequest.of("poison", Map.of()));
        List<String> good = enqueuer.enqueueAll(IntStream.range(0, 200)
                .mapToObj(i -> EnqueueRequest.of("effect", Map.of("sleepMs", "5"))).toList());
        await().until(() -> admin.deadCount() == 1 && good.stream().allMatch(id -> completed(id) == 1));
        assertThat(admin.listDead(0, 10)).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(poison);
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.reason()).contains("IllegalStateException").contains("poison pill");
            assertThat(d.stackTrace()).contains("PoisonHandler.perform");
        });
        assertThat(admin.stats("default").retries()).isEqualTo(2);
        // Acks follow the handlers' effects (batched by the Acker): the count catches up.
        await().until(() -> admin.stats("default").succeeded() == 200);
        await().until(() -> w.runningCount() == 0);
    }

    @Test
    void delayedJobRunsOnceItIsDueWhileTheWorkerIsIdle() {
        worker("default=1", Duration.ofSeconds(30), new EffectHandler(redis, "default"));
        String id = enqueuer.enqueue(EnqueueRequest.of("effect", Map.of()).in(Duration.ofMillis(1500)));
        assertThat(admin.state(id)).contains("scheduled");
        await().until(() -> completed(id) == 1);
        await().until(() -> admin.state(id).orElse("").equals("succeeded")); // the ack follows the effect
    }

    @Test
    void unknownJobTypeGoesToTheDeadSetWithAReason() {
        worker("default=1", Duration.ofSeconds(30), new PoisonHandler());
        String id = enqueuer.enqueue(EnqueueRequest.of("no.such.type", Map.of()));
        await().until(() -> admin.deadCount() == 1);
        assertThat(admin.listDead(0, 1).get(0).reason()).contains("unknown job type 'no.such.type'");
        assertThat(admin.state(id)).contains("dead");
    }

    @Test
    void attemptExceedingItsTimeoutIsInterruptedAndFailed() {
        JobHandler slow = new JobHandler() {
            public String name() {
                return "slow";
            }

            public Duration timeout() {
                return Duration.ofMillis(300);
            }

            public RetryPolicy retryPolicy() {
                return RetryPolicy.NONE;
            }

            public void perform(JobContext ctx) throws Exception {
                Thread.sleep(60_000);
            }
        };
        worker("default=1", Duration.ofSeconds(30), slow);
        enqueuer.enqueue(EnqueueRequest.of("slow", Map.of()));
        await().until(() -> admin.deadCount() == 1);
        assertThat(admin.listDead(0, 1).get(0).reason()).contains("TimeoutException").contains("timed out");
        await().until(() -> workers.get(0).runningCount() == 0);
    }

    @Test
    void runningJobStopsAtItsNextStepWhenCancelledAndPublishesProgress() throws Exception {
        worker("default=1", Duration.ofSeconds(30), new CooperativeHandler(redis));
        List<String> events = new CopyOnWriteArrayList<>();
        JedisPubSub sub = new JedisPubSub() {
            @Override
            public void onPMessage(String pattern, String channel, String message) {
                events.add(message);
            }
        };
        // Progress goes to the job's own channel only (no firehose: nobody subscribed to it).
        Thread listener = new Thread(() -> redis.psubscribe(sub, QueueKeys.DEFAULT.jobEvents("*")));
        listener.start();
        await().until(() -> sub.isSubscribed());
        String id = enqueuer.enqueue(EnqueueRequest.of("steps", Map.of("steps", "1000")));
        await().until(() -> events.stream().anyMatch(e -> e.contains("\"step\":2")));
        assertThat(admin.cancel(id)).contains("cancelling");
        await().until(() -> admin.state(id).orElse("").equals("cancelled"));
        sub.punsubscribe();
        listener.join();
        assertThat(completed(id)).isZero();
        assertThat(events).allMatch(e -> e.contains("\"jobId\":\"" + id + "\""));
    }

    @Test
    void healthyJobRunningThreeTimesTheVisibilityTimeoutIsNeverRedelivered() {
        Duration visibility = Duration.ofSeconds(2);
        worker("default=1", visibility, new EffectHandler(redis, "default"));
        String id = enqueuer.enqueue(EnqueueRequest.of("effect", Map.of("sleepMs", "6000", "redeliveredSleepMs", "0")));
        await().until(() -> redis.hget(EffectHandler.STARTS, id) != null);
        // A second worker is idle and reaping the whole time: it must find nothing to steal.
        worker("default=1", visibility, new EffectHandler(redis, "default"));
        await().atMost(Duration.ofSeconds(30)).until(() -> completed(id) == 1);
        assertThat(redis.hget(EffectHandler.STARTS, id)).isEqualTo("1");
        await().until(() -> admin.state(id).orElse("").equals("succeeded")); // the ack follows the effect
        assertThat(admin.stats("default").redelivered()).isZero();
    }

    @Test
    void floodOnDefaultDoesNotDelayShort() {
        worker("default=2,short=2", Duration.ofSeconds(30), new EffectHandler(redis, "default"));
        enqueuer.enqueueAll(IntStream.range(0, 1000)
                .mapToObj(i -> EnqueueRequest.of("effect", Map.of("sleepMs", "20"))).toList());
        await().until(() -> redis.hlen(EffectHandler.STARTS) > 0);
        String quick = enqueuer.enqueue(EnqueueRequest.of("effect", Map.of()).onQueue("short"));
        await().until(() -> completed(quick) == 1);
        // The short job finished while the default backlog was still far from drained.
        assertThat(admin.stats("default").ready()).isGreaterThan(500);
    }
}
