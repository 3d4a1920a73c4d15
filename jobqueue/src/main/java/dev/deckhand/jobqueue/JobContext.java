package dev.deckhand.jobqueue;

import java.util.Map;

/** What a running attempt can see and do. */
public interface JobContext {

    String jobId();

    String type();

    String queue();

    Map<String, String> args();

    /** 1 for the first attempt. */
    int attempt();

    /**
     * True once the job should stop at the next safe point, for any reason: a user's cancel
     * ({@link #cancelledByUser()}) or a hand-back ({@link #handBackRequested()}).
     */
    boolean cancelRequested();

    /**
     * True when this attempt must stop without finishing the job's work: the worker is shutting
     * down, the lease was lost (another worker may have the job) or the attempt timed out. The
     * work is not cancelled: stop at the next safe point, record nothing that was interrupted, and
     * throw {@link JobCancelledException}; the job is handed back (or retried) and the next
     * attempt resumes.
     */
    default boolean handBackRequested() {
        return false;
    }

    /** True when a user asked to cancel this job: the only stop that ends the job's work as cancelled. */
    default boolean cancelledByUser() {
        return cancelRequested() && !handBackRequested();
    }

    /** Throws {@link JobCancelledException} if {@link #cancelRequested()}: call it between steps. */
    default void throwIfCancelled() {
        if (cancelRequested()) {
            throw new JobCancelledException(jobId());
        }
    }

    /**
     * Publishes a progress event for the web tier (WebSocket subscribers) as JSON: values are strings,
     * numbers, booleans, and lists or maps of them. Payload must hold no secrets.
     */
    void publishProgress(Map<String, Object> event);
}
