package dev.deckhand.runs;

/** The run cannot start (missing or expired preflight, preflight errors, unknown steps): a 409. */
public class RunNotAllowedException extends RuntimeException {

    public RunNotAllowedException(String message) {
        super(message);
    }
}
