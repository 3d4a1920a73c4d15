package dev.deckhand.jobqueue.testsupport;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.worker.QueueWorker;
import dev.deckhand.jobqueue.worker.SigtermExit;
import dev.deckhand.jobqueue.worker.WorkerConfig;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;

/**
 * A real worker process for fault tests, without Postgres or Micronaut: the same
 * {@link QueueWorker} and SIGTERM handling the proctypes use, with the test handlers.
 * Args: redisUrl workerQueues visibilityMs drainMs. Prints READY once consuming.
 */
public final class FaultWorkerMain {

    private FaultWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisClient redis = Clients.pooled(args[0], 48);
        QueueOptions options = QueueOptions.defaults().withVisibility(Duration.ofMillis(Long.parseLong(args[2])));
        WorkerConfig config = new WorkerConfig(QueueSettings.parseQueues(args[1]),
                Duration.ofMillis(Long.parseLong(args[3])), 100, options);
        QueueWorker worker = new QueueWorker(redis, config, List.of(new EffectHandler(redis, "default"),
                new CooperativeHandler(redis), new PoisonHandler()));
        SigtermExit.install(worker::close);
        worker.start();
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
