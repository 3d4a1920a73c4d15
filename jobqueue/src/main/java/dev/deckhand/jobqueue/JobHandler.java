package dev.deckhand.jobqueue;

import java.time.Duration;

/**
 * A job type: a bean with a name, a queue, a timeout and a retry policy. Delivery is
 * at-least-once, so {@link #perform} must be idempotent (losing a job is worse than running it
 * twice).
 */
public interface JobHandler {

    /** Unique type name, e.g. {@code plan.run}. */
    String name();

    /** Queue jobs of this type go to unless the request names another. */
    default String queue() {
        return "default";
    }

    /** Hard limit for one attempt; the attempt fails (and may retry) after this. */
    default Duration timeout() {
        return Duration.ofMinutes(10);
    }

    default RetryPolicy retryPolicy() {
        return RetryPolicy.DEFAULT;
    }

    /** Runs one attempt. Throw to fail the attempt; check {@link JobContext#cancelRequested()} between steps. */
    void perform(JobContext context) throws Exception;
}
