package dev.deckhand.jobqueue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Operations for the web admin: queue metrics, the dead set, cancellation. Every method throws
 * {@link QueueUnavailableException} when Redis cannot be reached.
 */
public interface JobQueueAdmin {

    /** Queues that ever received a job. */
    Set<String> queues();

    QueueStats stats(String queue);

    /** Newest first. */
    List<DeadJob> listDead(int offset, int limit);

    long deadCount();

    /** Moves a dead job back to the front of its queue with a fresh attempt count; false if not dead. */
    boolean retryDead(String jobId);

    /** Deletes a dead job; false if not dead. */
    boolean discardDead(String jobId);

    /**
     * Requests cancellation. A waiting job is cancelled at once; a running job sees
     * {@link JobContext#cancelRequested()} become true and stops at its next safe point.
     *
     * @return the job's state after the request ({@code cancelled}, {@code cancelling}), or empty if unknown
     */
    Optional<String> cancel(String jobId);

    /** The job's state (ready, scheduled, running, retrying, succeeded, cancelled, dead), while it is kept. */
    Optional<String> state(String jobId);
}
