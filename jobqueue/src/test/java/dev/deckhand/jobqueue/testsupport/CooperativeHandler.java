package dev.deckhand.jobqueue.testsupport;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import redis.clients.jedis.UnifiedJedis;

import java.util.Map;

/**
 * Test job type {@code steps}: runs {@code steps} steps of 50 ms, checking cancellation between
 * steps and publishing progress after each; records starts/completions like {@link EffectHandler}.
 */
public final class CooperativeHandler implements JobHandler {

    private final UnifiedJedis redis;

    public CooperativeHandler(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "steps";
    }

    @Override
    public void perform(JobContext ctx) throws Exception {
        redis.hincrBy(EffectHandler.STARTS, ctx.jobId(), 1);
        int steps = Integer.parseInt(ctx.args().getOrDefault("steps", "10"));
        for (int i = 1; i <= steps; i++) {
            ctx.throwIfCancelled();
            Thread.sleep(50);
            ctx.publishProgress(Map.of("step", i, "of", steps));
        }
        redis.hincrBy(EffectHandler.COMPLETED, ctx.jobId(), 1);
    }
}
