package dev.deckhand.jobqueue.testsupport;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.RetryPolicy;

import java.time.Duration;

/** Test job type {@code poison}: every attempt throws. Three attempts, tiny backoff. */
public final class PoisonHandler implements JobHandler {

    @Override
    public String name() {
        return "poison";
    }

    @Override
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100));
    }

    @Override
    public void perform(JobContext ctx) {
        throw new IllegalStateException("poison pill " + ctx.jobId() + " attempt " + ctx.attempt());
    }
}
