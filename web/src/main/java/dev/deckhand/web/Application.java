package dev.deckhand.web;

import dev.deckhand.runtime.launch.ProctypeLauncher;

/** The web proctype: HTTP API, admin API and UI, WebSockets. */
public final class Application {

    public static final String PROCTYPE = "web";

    private Application() {
    }

    public static void main(String[] args) {
        ProctypeLauncher.run(PROCTYPE, Application.class, args);
    }
}
