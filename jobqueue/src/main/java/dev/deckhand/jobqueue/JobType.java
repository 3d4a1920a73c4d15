package dev.deckhand.jobqueue;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A job type's declaration, in one place: its name, the queue its jobs go to, the hard limit of
 * one attempt and its retry policy. A handler declares it as a constant and returns it from
 * {@link DeclaredJobHandler#type()}; code that enqueues builds requests with {@link #request}, so
 * the name and the queue are never spelled out again.
 *
 * @param name    unique type name, e.g. {@code plan.run}
 * @param queue   queue its jobs go to ({@link Queues})
 * @param timeout hard limit for one attempt; the attempt fails (and may retry) after this
 * @param retries backoff and attempts before the dead set
 */
public record JobType(String name, String queue, Duration timeout, RetryPolicy retries) {

    /** The timeout of a type that does not declare one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public JobType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(retries, "retries");
    }

    /** A type on {@code queue} with the default timeout and retry policy. */
    public static JobType of(String name, String queue) {
        return new JobType(name, queue, DEFAULT_TIMEOUT, RetryPolicy.DEFAULT);
    }

    /**
     * A periodic job fired by the scheduler on the short queue: default timeout and no retries
     * (the next firing is the retry).
     */
    public static JobType periodic(String name) {
        return new JobType(name, Queues.SHORT, DEFAULT_TIMEOUT, RetryPolicy.NONE);
    }

    public JobType withTimeout(Duration limit) {
        return new JobType(name, queue, limit, retries);
    }

    public JobType withRetries(RetryPolicy policy) {
        return new JobType(name, queue, timeout, policy);
    }

    /** A request for a job of this type on its queue. */
    public EnqueueRequest request(Map<String, String> args) {
        return EnqueueRequest.of(name, args).onQueue(queue);
    }

    /**
     * A request for a job of this type on its queue, unique per {@code occasion} while pending or
     * running (the unique key is {@code name:occasion}).
     */
    public EnqueueRequest uniqueRequest(Map<String, String> args, String occasion) {
        return request(args).unique(name + ":" + occasion);
    }
}
