package dev.deckhand.runs;

/** Not there, or not visible to this user (the two are indistinguishable on purpose). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what + " not found");
    }
}
