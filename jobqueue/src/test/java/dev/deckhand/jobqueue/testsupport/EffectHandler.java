package dev.deckhand.jobqueue.testsupport;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.RetryPolicy;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;

/**
 * Test job type {@code effect}: records in Redis that an attempt started ({@code t:starts} hash,
 * per job id) and, after sleeping {@code sleepMs} on the first delivery ({@code redeliveredSleepMs}
 * on later ones, default 0), that it completed ({@code t:completed} hash). The sleep ignores
 * cancellation, like a handler blocked in I/O. Completion is idempotent in effect; the counters
 * show how often it ran.
 */
public final class EffectHandler implements JobHandler {

    public static final String STARTS = "t:starts";
    public static final String COMPLETED = "t:completed";

    private final UnifiedJedis redis;
    private final String queue;

    public EffectHandler(UnifiedJedis redis, String queue) {
        this.redis = redis;
        this.queue = queue;
    }

    @Override
    public String name() {
        return "effect";
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100));
    }

    @Override
    public void perform(JobContext ctx) throws Exception {
        redis.hincrBy(STARTS, ctx.jobId(), 1);
        long sleep = Long.parseLong(ctx.attempt() == 1 ? ctx.args().getOrDefault("sleepMs", "0")
                : ctx.args().getOrDefault("redeliveredSleepMs", "0"));
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
        redis.hincrBy(COMPLETED, ctx.jobId(), 1);
    }
}
