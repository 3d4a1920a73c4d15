package dev.deckhand.jobqueue.worker;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.RetryPolicy;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.jobqueue.redis.RedisQueueAdmin;
import dev.deckhand.jobqueue.testsupport.Clients;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user's cancel of a running job wins however the handler stops (issue 15: cancel an in-flight
 * job), and settling jobs publishes nothing on the queue's pub/sub channels nobody subscribes to
 * (issue 15 item 3 / issue 17: two PUBLISHes per job). Real Redis, worker in this JVM.
 */
@ExtendWith(RedisExtension.class)
class CancelAndEventsTest {

    private static RedisClient redis;
    private final List<QueueWorker> workers = new ArrayList<>();
    private RedisJobEnqueuer enqueuer;
    private RedisQueueAdmin admin;

    @BeforeAll
    static void connect(TestRedis r) {
        redis = Clients.pooled(r.redisUrl(), 32);
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

    private void worker(JobHandler... handlers) {
        WorkerConfig config = new WorkerConfig(QueueSettings.parseQueues("default=2"), Duration.ofSeconds(5), 100,
                QueueOptions.defaults().withVisibility(Duration.ofSeconds(30)));
        workers.add(new QueueWorker(redis, config, List.of(handlers)).start());
    }

    /** Loops until it sees the cancel, then stops the way the given factory says (not always JobCancelledException). */
    private static final class StopsOnCancel implements JobHandler {
        final AtomicInteger attempts = new AtomicInteger();
        final String name;
        final java.util.function.Function<JobContext, Exception> stop;

        StopsOnCancel(String name, java.util.function.Function<JobContext, Exception> stop) {
            this.name = name;
            this.stop = stop;
        }

        public String name() {
            return name;
        }

        public RetryPolicy retryPolicy() {
            return new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(20));
        }

        public void perform(JobContext ctx) throws Exception {
            attempts.incrementAndGet();
            while (!ctx.cancelRequested()) {
                Thread.sleep(20);
            }
            throw stop.apply(ctx);
        }
    }

    @Test
    void cancelledJobWhoseHandlerStopsWithAnotherExceptionEndsCancelledNotRetried() {
        StopsOnCancel h = new StopsOnCancel("stops", ctx -> new IllegalStateException("step aborted"));
        worker(h);
        String id = enqueuer.enqueue(EnqueueRequest.of("stops", Map.of()));
        await().until(() -> admin.state(id).orElse("").equals("running"));
        assertThat(admin.cancel(id)).contains("cancelling");
        await().until(() -> admin.state(id).orElse("").equals("cancelled"));
        assertThat(h.attempts).hasValue(1);
        assertThat(admin.stats("default").retries()).isZero();
    }

    @Test
    void cancelledJobWhoseHandlerWrapsJobCancelledExceptionEndsCancelled() {
        StopsOnCancel h = new StopsOnCancel("wraps", ctx -> new RuntimeException("step failed",
                new dev.deckhand.jobqueue.JobCancelledException(ctx.jobId())));
        worker(h);
        String id = enqueuer.enqueue(EnqueueRequest.of("wraps", Map.of()));
        await().until(() -> admin.state(id).orElse("").equals("running"));
        admin.cancel(id);
        await().until(() -> admin.state(id).orElse("").equals("cancelled"));
        assertThat(h.attempts).hasValue(1);
        assertThat(admin.stats("default").retries()).isZero();
    }

    @Test
    void settlingJobsPublishesNothing() throws Exception {
        List<String> messages = new CopyOnWriteArrayList<>();
        JedisPubSub sub = new JedisPubSub() {
            @Override
            public void onPMessage(String pattern, String channel, String message) {
                messages.add(channel);
            }
        };
        Thread listener = new Thread(() -> redis.psubscribe(sub, "dh:*"));
        listener.start();
        await().until(sub::isSubscribed);
        worker(new EffectHandler(redis, "default"), new PoisonHandler());
        List<String> ids = enqueuer.enqueueAll(IntStream.range(0, 20)
                .mapToObj(i -> EnqueueRequest.of("effect", Map.of())).toList());
        String poison = enqueuer.enqueue(EnqueueRequest.of("poison", Map.of()));
        String waiting = enqueuer.enqueue(EnqueueRequest.of("effect", Map.of()).in(Duration.ofHours(1)));
        admin.cancel(waiting);
        await().until(() -> admin.stats("default").succeeded() == 20 && admin.deadCount() == 1);
        assertThat(ids).allMatch(id -> admin.state(id).orElse("").equals("succeeded"));
        assertThat(admin.state(poison)).contains("dead");
        sub.punsubscribe();
        listener.join();
        assertThat(messages).as("channels published to while jobs succeeded, retried, died, were cancelled").isEmpty();
    }
}
