package dev.deckhand.jobqueue;

/**
 * The names of the built-in queues, declared once: code that puts a job on a queue, a job type
 * that names its queue, the benchmark and the built-in schedules all use these. The worker
 * proctypes consume them through WORKER_QUEUES (worker: {@link #DEFAULT}, worker-short:
 * {@link #SHORT}, devworker: both).
 */
public final class Queues {

    /** Long work: plan runs and large housekeeping. */
    public static final String DEFAULT = "default";
    /** Quick work that must not wait behind long runs: preflights, mail, sweeps. */
    public static final String SHORT = "short";

    private Queues() {
    }
}
