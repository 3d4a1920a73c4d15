package dev.deckhand.worker;

import dev.deckhand.runtime.launch.ProctypeLauncher;

/** The worker proctype: Works the main queue (long jobs). */
public final class Application {

    public static final String PROCTYPE = "worker";

    private Application() {
    }

    public static void main(String[] args) {
        ProctypeLauncher.run(PROCTYPE, Application.class, args);
    }
}
