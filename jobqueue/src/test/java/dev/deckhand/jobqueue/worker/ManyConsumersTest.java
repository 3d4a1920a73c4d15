package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.jobqueue.redis.RedisQueueAdmin;
import dev.deckhand.jobqueue.testsupport.Clients;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** 8 competing consumers, 10,000 jobs each on average: every job runs exactly once when no worker fails. */
@ExtendWith(RedisExtension.class)
class ManyConsumersTest {

    @Test
    void eightConsumersRunEightyThousandJobsExactlyOnce(TestRedis r) {
        int consumers = 8;
        int jobs = consumers * 10_000;
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> perConsumer = new ConcurrentHashMap<>();
        List<QueueWorker> workers = new ArrayList<>();
        try (RedisClient redis = Clients.pooled(r.redisUrl(), 128)) {
            redis.flushDB();
            QueueOptions options = QueueOptions.defaults();
            for (int c = 0; c < consumers; c++) {
                int me = c;
                JobHandler counting = new JobHandler() {
                    public String name() {
                        return "count";
                    }

                    public void perform(JobContext ctx) {
                        runs.computeIfAbsent(ctx.jobId(), k -> new AtomicInteger()).incrementAndGet();
                        perConsumer.computeIfAbsent(me, k -> new AtomicInteger()).incrementAndGet();
                    }
                };
                workers.add(new QueueWorker(redis, new WorkerConfig(Map.of("default", 4), Duration.ofSeconds(5), 50,
                        options), List.of(counting)).start());
            }
            RedisJobEnqueuer enqueuer = new RedisJobEnqueuer(redis, options, t -> "default");
            List<String> ids = enqueuer.enqueueAll(IntStream.range(0, jobs)
                    .mapToObj(i -> EnqueueRequest.of("count", Map.of("n", Integer.toString(i)))).toList());
            RedisQueueAdmin admin = new RedisQueueAdmin(redis, options);
            await().atMost(Duration.ofMinutes(2)).until(() -> admin.stats("default").succeeded() == jobs);
            workers.forEach(QueueWorker::close);
            assertThat(ids).doesNotHaveDuplicates().hasSize(jobs);
            assertThat(runs).hasSize(jobs);
            assertThat(runs.values()).allMatch(n -> n.get() == 1);
            assertThat(perConsumer).hasSize(consumers);
            assertThat(admin.stats("default").redelivered()).isZero();
            assertThat(admin.stats("default").rejectedAcks()).isZero();
        } finally {
            workers.forEach(QueueWorker::close);
        }
    }
}
