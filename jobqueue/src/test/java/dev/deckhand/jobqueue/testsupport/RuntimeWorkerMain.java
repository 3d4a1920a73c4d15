package dev.deckhand.jobqueue.testsupport;

import dev.deckhand.config.ProcessIdentity;
import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.micronaut.WorkerRuntime;
import dev.deckhand.jobqueue.worker.SigtermExit;
import io.micronaut.context.ApplicationContext;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.Map;

/**
 * A real worker proctype process for registry tests: a Micronaut context whose {@link WorkerRuntime}
 * consumes WORKER_QUEUES with the test handlers as beans, exactly as the worker proctypes wire it
 * (without PostgreSQL). Args: redisUrl workerQueues visibilitySeconds drainSeconds.
 * Prints READY with the registry id once consuming.
 */
public final class RuntimeWorkerMain {

    private RuntimeWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisClient redis = Clients.pooled(args[0], 48);
        ApplicationContext ctx = ApplicationContext.builder()
                .deduceEnvironment(false)
                .properties(Map.of("deckhand.proctype", "worker"))
                .singletons(redis, new ProcessIdentity("worker", "test"),
                        new QueueSettings(QueueSettings.parseQueues(args[1]), Duration.ofSeconds(Long.parseLong(args[2])),
                                Duration.ofSeconds(Long.parseLong(args[3]))),
                        new EffectHandler(redis, "default"), new CooperativeHandler(redis), new PoisonHandler())
                .start();
        SigtermExit.install(ctx::close);
        String id = ctx.getBean(WorkerRuntime.class).worker().orElseThrow().processId();
        System.out.println("READY " + id);
        System.out.flush();
        Thread.currentThread().join();
    }
}
