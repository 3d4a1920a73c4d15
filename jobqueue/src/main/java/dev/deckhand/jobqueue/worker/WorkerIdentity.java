package dev.deckhand.jobqueue.worker;

/**
 * What a worker process says about itself in the live registry (host and pid are detected).
 *
 * @param proctype worker, worker-short, devworker, ...
 * @param version  the release it runs
 */
public record WorkerIdentity(String proctype, String version) {

    /** For workers started outside a proctype (tests, benchmarks). */
    public static final WorkerIdentity UNNAMED = new WorkerIdentity("worker", "unknown");
}
