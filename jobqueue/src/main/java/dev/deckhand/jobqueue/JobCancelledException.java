package dev.deckhand.jobqueue;

/**
 * Thrown by a handler (usually via {@link JobContext#throwIfCancelled()}) to stop at a safe point
 * after cancellation was requested. A job cancelled by a user ends as {@code cancelled} (never
 * retried); a job stopped because its worker is shutting down is handed back to the queue, one
 * stopped after losing its lease is left to the queue's re-delivery, and one stopped by its
 * timeout is retried (see {@link JobContext#handBackRequested()}).
 */
public class JobCancelledException extends RuntimeException {

    public JobCancelledException(String jobId) {
        super("job " + jobId + " cancelled");
    }
}
