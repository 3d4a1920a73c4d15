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

    /** True once cancellation was requested (or the worker is shutting down); stop at the next safe point. */
    boolean cancelRequested();

    /** Throws {@link JobCancelledException} if {@link #cancelRequested()}: call it between steps. */
    default void throwIfCancelled() {
        if (cancelRequested()) {
            throw new JobCancelledException(jobId());
        }
    }

    /** Publishes a progress event for the web tier (WebSocket subscribers). Payload must hold no secrets. */
    void publishProgress(Map<String, Object> event);
}
