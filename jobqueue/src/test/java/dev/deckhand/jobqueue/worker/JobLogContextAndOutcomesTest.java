package dev.deckhand.jobqueue.worker;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.RetryPolicy;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.jobqueue.testsupport.Clients;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15 item 4: every log line about a job's attempt carries its {@code job_id}: the handler's
 * own, and the worker's about a failed attempt (retry, dead set) and a timeout, which are written
 * after the handler returned or on the worker's timer thread. And the worker reports each
 * attempt's outcome and duration (what JobMetrics turns into deckhand_job_* metrics).
 */
@ExtendWith(RedisExtension.class)
class JobLogContextAndOutcomesTest {

    private RedisClient redis;
    private QueueWorker worker;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    /** Logs, then fails its first attempt; the second succeeds. */
    static final class FlakyHandler implements JobHandler {
        public String name() {
            return "test.flaky";
        }

        public RetryPolicy retryPolicy() {
            return new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10));
        }

        public void perform(JobContext ctx) {
            LoggerFactory.getLogger(FlakyHandler.class).info("handler line of attempt {}", ctx.attempt());
            if (ctx.attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
        }
    }

    /** Outlives its timeout, once: the job goes to the dead set. */
    static final class SlowHandler implements JobHandler {
        public String name() {
            return "test.slow";
        }

        public Duration timeout() {
            return Duration.ofMillis(300);
        }

        public RetryPolicy retryPolicy() {
            return RetryPolicy.NONE;
        }

        public void perform(JobContext ctx) throws Exception {
            Thread.sleep(5_000);
        }
    }

    @BeforeEach
    void start(TestRedis r) {
        redis = Clients.pooled(r.redisUrl(), 16);
        redis.flushDB();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        lines.setContext(root.getLoggerContext());
        lines.start();
        root.addAppender(lines);
        WorkerConfig config = new WorkerConfig(Map.of("default", 2), Duration.ofSeconds(5), 100,
                QueueOptions.defaults().withVisibility(Duration.ofSeconds(5)));
        worker = new QueueWorker(redis, config, List.of(new FlakyHandler(), new SlowHandler()))
                .onAttempt((queue, type, outcome, nanos) -> outcomes.add(queue + " " + type + " " + outcome.tag()
                        + (nanos > 0 ? "" : " (no duration)")))
                .start();
    }

    @AfterEach
    void stop() {
        worker.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(lines);
        redis.close();
    }

    @Test
    void linesAboutAnAttemptCarryTheJobIdAndEveryOutcomeIsReported() {
        RedisJobEnqueuer enqueuer = new RedisJobEnqueuer(redis, QueueOptions.defaults(), t -> "default");
        String flaky = enqueuer.enqueue(EnqueueRequest.of("test.flaky", Map.of()));
        String slow = enqueuer.enqueue(EnqueueRequest.of("test.slow", Map.of()));
        await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.size() >= 3);

        assertThat(outcomes).containsExactlyInAnyOrder(
                "default test.flaky retry", "default test.flaky success", "default test.slow dead");
        assertThat(linesMentioning(flaky)).as("worker lines about the flaky job").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).as(e.getFormattedMessage()).containsEntry("job_id", flaky));
        assertThat(linesMentioning(slow)).as("worker lines about the timed-out job").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).as(e.getFormattedMessage()).containsEntry("job_id", slow));
        assertThat(snapshot()).filteredOn(e -> e.getFormattedMessage().startsWith("handler line")).hasSize(2)
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("job_id", flaky));
    }

    private List<ILoggingEvent> linesMentioning(String id) {
        return snapshot().stream().filter(e -> e.getFormattedMessage().contains(id)).toList();
    }

    private List<ILoggingEvent> snapshot() {
        synchronized (lines) {
            return List.copyOf(lines.list);
        }
    }
}
