package dev.deckhand.devworker;

import dev.deckhand.runtime.launch.ProctypeLauncher;

/**
 * The devworker proctype: works every queue in one process, for local use. Queues and concurrency come from
 * WORKER_QUEUES; {@code dev.deckhand.jobqueue.micronaut.WorkerRuntime} consumes them with the
 * process's JobHandler beans. SIGTERM drains running jobs (JOB_DRAIN_TIMEOUT_SECONDS), hands
 * unfinished ones back to their queues and exits 0.
 */
public final class Application {

    public static final String PROCTYPE = "devworker";

    private Application() {
    }

    public static void main(String[] args) {
        // The launcher makes SIGTERM drain (close the context, stopping the worker) and exit 0.
        ProctypeLauncher.run(PROCTYPE, Application.class, args);
    }
}
