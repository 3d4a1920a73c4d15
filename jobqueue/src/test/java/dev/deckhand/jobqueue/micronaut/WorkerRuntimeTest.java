package dev.deckhand.jobqueue.micronaut;

import dev.deckhand.config.ProcessIdentity;
import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.testsupport.Clients;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Micronaut wiring: workers consume WORKER_QUEUES with handler beans; other proctypes only enqueue. */
@ExtendWith(RedisExtension.class)
class WorkerRuntimeTest {

    private static ApplicationContext context(String proctype, String queues, RedisClient redis) {
        return ApplicationContext.builder()
                .deduceEnvironment(false)
                .properties(Map.of("deckhand.proctype", proctype,
                        "jobqueue.test.recording-handler", "true"))
                .singletons(redis, new ProcessIdentity(proctype, "test"),
                        new QueueSettings(QueueSettings.parseQueues(queues), Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .start();
    }

    @Test
    void workerProctypeConsumesItsQueuesWithHandlerBeans(TestRedis r) {
        try (RedisClient redis = Clients.pooled(r.redisUrl(), 16)) {
            redis.flushDB();
            try (ApplicationContext ctx = context("worker-short", "short=3", redis)) {
                WorkerRuntime runtime = ctx.getBean(WorkerRuntime.class);
                assertThat(runtime.queues()).containsEntry("short", 3);
                assertThat(runtime.worker()).isPresent();
                JobEnqueuer enqueuer = ctx.getBean(JobEnqueuer.class);
                // No queue in the request: the handler bean's queue (short) is used.
                String id = enqueuer.enqueue(EnqueueRequest.of("test.record", Map.of("n", "1")));
                RecordingHandler handler = ctx.getBean(RecordingHandler.class);
                await().until(() -> handler.done.contains("1"));
                await().until(() -> ctx.getBean(JobQueueAdmin.class).state(id).orElse("").equals("succeeded"));
            }
        }
    }

    @Test
    void nonWorkerProctypesGetTheEnqueuerButConsumeNothing(TestRedis r) {
        try (RedisClient redis = Clients.pooled(r.redisUrl(), 16)) {
            redis.flushDB();
            try (ApplicationContext ctx = context("web", "default=10", redis)) {
                assertThat(ctx.findBean(WorkerRuntime.class)).isEmpty();
                JobEnqueuer enqueuer = ctx.getBean(JobEnqueuer.class);
                enqueuer.enqueue(EnqueueRequest.of("test.record", Map.of("n", "2")).onQueue("default"));
                assertThat(enqueuer.depth("default")).isEqualTo(1);
            }
            try (ApplicationContext ctx = context("worker", "", redis)) {
                assertThat(ctx.getBean(WorkerRuntime.class).worker()).isEmpty();
                assertThat(ctx.getBean(JobEnqueuer.class).depth("default")).isEqualTo(1);
            }
        }
    }
}
