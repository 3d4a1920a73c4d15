package dev.deckhand.web.ui;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.worker.QueueWorker;
import dev.deckhand.jobqueue.worker.WorkerConfig;
import dev.deckhand.jobqueue.worker.WorkerIdentity;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A real worker OS process for the dashboard's process-list test: a {@link QueueWorker} (which
 * registers itself in the live registry) consuming {@code args[1]} with a handler of type
 * {@code test.ok}. Args: redisUrl workerQueues visibilitySeconds. Prints READY and its registry id.
 */
public final class DashboardWorkerMain {

    private DashboardWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI u = URI.create(args[0]);
        // The test Redis URL names a database (redis://host:port/N): the worker must use the same one.
        int db = u.getPath() == null || u.getPath().length() <= 1 ? 0 : Integer.parseInt(u.getPath().substring(1));
        RedisClient redis = RedisClient.builder().hostAndPort(u.getHost(), u.getPort())
                .clientConfig(DefaultJedisClientConfig.builder().database(db).build()).build();
        JobHandler ok = new JobHandler() {
            @Override
            public String name() {
                return "test.ok";
            }

            @Override
            public void perform(JobContext context) {
            }
        };
        QueueWorker worker = new QueueWorker(redis, new WorkerConfig(QueueSettings.parseQueues(args[1]), Duration.ofSeconds(1),
                10, QueueOptions.defaults().withVisibility(Duration.ofSeconds(Long.parseLong(args[2])))), List.of(ok),
                new WorkerIdentity("worker", "test")).start();
        System.out.println("READY " + worker.processId());
        System.out.flush();
        Thread.currentThread().join();
    }
}
