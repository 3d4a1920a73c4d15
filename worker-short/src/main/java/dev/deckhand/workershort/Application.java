package dev.deckhand.workershort;

import dev.deckhand.runtime.launch.ProctypeLauncher;

/** The worker-short proctype: Works the queue dedicated to fast jobs. */
public final class Application {

    public static final String PROCTYPE = "worker-short";

    private Application() {
    }

    public static void main(String[] args) {
        ProctypeLauncher.run(PROCTYPE, Application.class, args);
    }
}
