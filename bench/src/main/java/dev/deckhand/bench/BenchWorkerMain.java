package dev.deckhand.bench;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.worker.QueueWorker;
import dev.deckhand.jobqueue.worker.SigtermExit;
import dev.deckhand.jobqueue.worker.WorkerConfig;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A worker process for the benchmark: the same {@link QueueWorker} engine the worker proctypes
 * run (without Postgres/Micronaut around it). Job types: {@code noop}; {@code lat} (pushes
 * enqueue-to-start latency in microseconds to {@code bench:lat}); {@code sleep} (arg ms).
 * Args: redisUrl workerQueues.
 */
public final class BenchWorkerMain {

    private BenchWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisClient redis = BenchRedis.client(args[0], 128);
        WorkerConfig config = new WorkerConfig(QueueSettings.parseQueues(args[1]), Duration.ofSeconds(5), 100,
                QueueOptions.defaults().withVisibility(Duration.ofSeconds(30)));
        QueueWorker worker = new QueueWorker(redis, config, List.of(
                handler("noop", ctx -> { }),
                handler("lat", ctx -> {
                    long startMicros = micros(Instant.now());
                    long enq = Long.parseLong(ctx.args().get("t"));
                    redis.rpush("bench:lat", Long.toString(startMicros - enq));
                }),
                handler("sleep", ctx -> Thread.sleep(Long.parseLong(ctx.args().get("ms"))))));
        SigtermExit.install(worker::close);
        worker.start();
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }

    static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    interface Body {
        void run(JobContext ctx) throws Exception;
    }

    private static JobHandler handler(String name, Body body) {
        return new JobHandler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void perform(JobContext context) throws Exception {
                body.run(context);
            }
        };
    }
}
