package dev.deckhand.scheduler;

import dev.deckhand.runtime.launch.ProctypeLauncher;

/**
 * The scheduler proctype, "the town clock": cron schedules (built-ins + CRON_SCHEDULE) whose
 * firings enqueue jobs onto queues; safe with several replicas (clustered Quartz on Postgres).
 * See {@link TownClock} and docs/scheduler.md.
 */
public final class Application {

    public static final String PROCTYPE = "scheduler";

    private Application() {
    }

    public static void main(String[] args) {
        ProctypeLauncher.run(PROCTYPE, Application.class, args);
    }
}
