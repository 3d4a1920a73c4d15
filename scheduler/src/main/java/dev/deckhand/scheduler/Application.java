package dev.deckhand.scheduler;

import dev.deckhand.runtime.launch.ProctypeLauncher;

/** The scheduler proctype: The town clock: cron that enqueues onto any queue, safe with several replicas. */
public final class Application {

    public static final String PROCTYPE = "scheduler";

    private Application() {
    }

    public static void main(String[] args) {
        ProctypeLauncher.run(PROCTYPE, Application.class, args);
    }
}
