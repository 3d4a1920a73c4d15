package dev.deckhand.cli;

/** A command could not do what was asked (unknown user, job not dead, ...): message on stderr, exit 1. */
public final class CliFailure extends RuntimeException {

    public CliFailure(String message) {
        super(message);
    }
}
