package dev.deckhand.devworker;

import dev.deckhand.runtime.launch.ProctypeLauncher;

/** The devworker proctype: Works every queue in one process, for local use. */
public final class Application {

    public static final String PROCTYPE = "devworker";

    private Application() {
    }

    public static void main(String[] args) {
        ProctypeLauncher.run(PROCTYPE, Application.class, args);
    }
}
