package dev.deckhand.jobqueue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Operations for the web admin: queue metrics and history, the job lists, the dead set,
 * cancellation, pausing queues, and the live worker registry. This is the only way code outside
 * {@code jobqueue} reads or changes queue state (the key layout is {@link QueueKeys}, private to
 * this module). Every method throws {@link QueueUnavailableException} when Redis cannot be reached.
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

    /**
     * One page of the dead set, newest first, filtered by {@code filter} (queue; id, type or error text).
     *
     * @param cursor null for the first page, else a previous page's {@link Page#nextCursor()}
     */
    Page<DeadJob> dead(JobFilter filter, String cursor, int limit);

    /**
     * One page of a list of jobs across queues ({@code filter.queue()} null) or of one queue;
     * {@link JobList#DEAD} too (as summaries).
     */
    Page<JobSummary> jobs(JobList list, JobFilter filter, String cursor, int limit);

    /** Everything kept about a job while it is kept (finished jobs expire, dead ones stay in the dead set). */
    Optional<JobDetail> job(String jobId);

    /**
     * Retries every matching job of the dead set ({@link JobList#DEAD}: back on its queue with a
     * fresh attempt count) or of the jobs in backoff ({@link JobList#RETRYING}: run now).
     *
     * @return how many jobs were moved
     * @throws IllegalArgumentException for other lists
     */
    long retryAll(JobList list, JobFilter filter);

    /** Deletes every matching job of the dead set or of the jobs in backoff. @return how many */
    long discardAll(JobList list, JobFilter filter);

    /**
     * Pauses a queue: workers stop fetching it (running jobs finish), enqueue still works. The
     * state is kept in Redis without expiry, so it survives worker and web restarts.
     *
     * @return false if it was already paused
     */
    boolean pause(String queue);

    /** Resumes a paused queue and wakes idle consumers. @return false if it was not paused */
    boolean resume(String queue);

    /** Queues currently paused. */
    Set<String> pausedQueues();

    /**
     * The last {@code minutes} minutes of a queue's history (at most {@link QueueKeys#HISTORY_MINUTES}),
     * oldest first, ending with the current minute; every minute is present (zeros when idle).
     */
    List<QueueMinute> history(String queue, int minutes);

    /** Live worker processes (those whose registration has not expired), by id. */
    List<WorkerProcess> processes();

    /**
     * Asks a worker process to stop fetching ("quiet", like Sidekiq's TSTP): it sees the request
     * at its next heartbeat, takes no new job, finishes the ones it runs and shows as
     * {@link WorkerProcess.State#QUIET}. Not reversible: restart the process to resume.
     *
     * @return false if no live process has this id
     */
    boolean quiet(String processId);
}
