package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.redis.FetchedJob;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.QueueStore;
import dev.deckhand.jobqueue.redis.QueueStore.Settlement;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.jobqueue.redis.RedisQueueAdmin;
import dev.deckhand.jobqueue.testsupport.Clients;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The acker against a real Redis: settlements trickling in are all acked while it runs (it lingers
 * to gather a batch, never holds one back), and close() sends everything still queued before it
 * returns, more than one batch included (the drain at SIGTERM relies on it).
 */
@ExtendWith(RedisExtension.class)
class AckerTest {

    private static RedisClient redis;
    private QueueStore store;
    private RedisJobEnqueuer enqueuer;
    private RedisQueueAdmin admin;

    @BeforeAll
    static void connect(TestRedis r) {
        redis = Clients.pooled(r.redisUrl(), 8);
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        redis.flushDB();
        QueueOptions options = QueueOptions.defaults();
        store = new QueueStore(redis, options);
        enqueuer = new RedisJobEnqueuer(redis, options, t -> "default");
        admin = new RedisQueueAdmin(redis, options);
    }

    private List<FetchedJob> leased(int n) {
        enqueuer.enqueueAll(IntStream.range(0, n).mapToObj(i -> EnqueueRequest.of("t", Map.of())).toList());
        List<FetchedJob> jobs = store.fetch("default", n).jobs();
        assertThat(jobs).hasSize(n);
        return jobs;
    }

    @Test
    void settlementsSubmittedOneByOneAreAllAckedWhileItRuns() {
        List<FetchedJob> jobs = leased(5);
        Acker acker = new Acker(store, Duration.ofSeconds(30));
        acker.start();
        try {
            for (FetchedJob j : jobs) {
                acker.submit(new Settlement(j, "succeeded"));
                await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(j.id()).filter("succeeded"::equals).isPresent());
            }
        } finally {
            acker.close(Duration.ofSeconds(30));
        }
        assertThat(admin.stats("default").inFlight()).isZero();
    }

    @Test
    void closeSendsEverythingQueuedBeforeItReturns() {
        List<FetchedJob> jobs = leased(300);
        Acker acker = new Acker(store, Duration.ofSeconds(30));
        acker.start();
        jobs.forEach(j -> acker.submit(new Settlement(j, "succeeded")));
        acker.close(Duration.ofSeconds(30));
        assertThat(admin.stats("default").succeeded()).isEqualTo(300);
        assertThat(admin.stats("default").inFlight()).isZero();
    }
}
