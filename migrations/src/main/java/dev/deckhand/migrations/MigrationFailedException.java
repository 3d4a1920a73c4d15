package dev.deckhand.migrations;

/** A migrations run failed; the message names the target without credentials. */
public final class MigrationFailedException extends RuntimeException {

    public MigrationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
