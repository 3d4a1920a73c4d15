package dev.deckhand.jobqueue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the queue keeps about one job, for the admin's job page. Arguments are the job's
 * {@link EnqueueRequest#args()}, which cannot hold secrets (see {@link JobArgs}). Times are null
 * when the job has not reached that point.
 *
 * @param attempt         the current (or last) attempt number
 * @param enqueuedAt      last time it became ready (enqueue, retry, promotion from scheduled)
 * @param failures        the failed attempts, oldest first, each with its error and stack trace
 * @param cancelRequested a cancellation was requested while it ran
 * @param worker          the {@link WorkerProcess#id()} running it (or that ran it last); null if none
 */
public record JobDetail(String id, String type, String queue, String state, Map<String, String> args,
                        int attempt, Instant createdAt, Instant enqueuedAt, Instant startedAt,
                        Instant finishedAt, Instant diedAt, Instant runAt, String lastError, String stackTrace,
                        List<FailedAttempt> failures, boolean cancelRequested, String worker) {

    /** One failed attempt; {@code startedAt} null when unknown. */
    public record FailedAttempt(int attempt, Instant startedAt, Instant failedAt, String error, String stackTrace) {
    }
}
