package dev.deckhand.jobqueue.worker;

/**
 * Told how each attempt this worker ran ended and how long it took (job metrics:
 * jobqueue.micronaut.JobMetrics). Called once per settled attempt, on the thread that settled it;
 * must not block and must not throw.
 */
@FunctionalInterface
public interface AttemptListener {

    AttemptListener NONE = (queue, type, outcome, nanos) -> { };

    /** How an attempt ended. */
    enum Outcome {
        /** The handler returned: the job succeeded. */
        SUCCESS,
        /** The attempt failed (error or timeout) and the job is scheduled for another attempt. */
        RETRY,
        /** The attempt failed and it was the last: the job moved to the dead set. */
        DEAD,
        /** The user cancelled the job and the handler stopped. */
        CANCELLED,
        /** This worker was shutting down: the job went back to its queue, not failed. */
        HANDED_BACK,
        /** The lease was lost (another worker has the job): this attempt's result is discarded. */
        LEASE_LOST;

        /** The Prometheus label value: {@code success}, {@code retry}, {@code dead}, ... */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    void finished(String queue, String type, Outcome outcome, long nanos);
}
