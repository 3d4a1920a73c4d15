package dev.deckhand.jobqueue;

import java.time.Duration;

/**
 * A job type: a bean with a name, a queue, a timeout and a retry policy. Delivery is
 * at-least-once, so {@link #perform} must be idempotent (losing a job is worse than running it
 * twice). Handlers of the application declare their type once as a {@link JobType} and implement
 * {@link DeclaredJobHandler}; the defaults here serve small handlers (tests, the benchmark).
 */
public interface JobHandler {

    /** Unique type name, e.g. {@code plan.run}. */
    String name();

    /** Queue jobs of this type go to unless the request names another. */
    default String queue() {
        return Queues.DEFAULT;
    }

    /** Hard limit for one attempt; the attempt fails (and may retry) after this. */
    default Duration timeout() {
        return JobType.DEFAULT_TIMEOUT;
    }

    default RetryPolicy retryPolicy() {
        return RetryPolicy.DEFAULT;
    }

    /** Runs one attempt. Throw to fail the attempt; check {@link JobContext#cancelRequested()} between steps. */
    void perform(JobContext context) throws Exception;
}
