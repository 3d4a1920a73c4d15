package dev.deckhand.runtime;

/** A proctype with nothing but the shared runtime: health, logging, Postgres and Redis. */
public final class TestProctype {

    private TestProctype() {
    }

    public static void main(String[] args) {
        dev.deckhand.runtime.launch.ProctypeLauncher.run("worker", TestProctype.class, args);
    }
}
