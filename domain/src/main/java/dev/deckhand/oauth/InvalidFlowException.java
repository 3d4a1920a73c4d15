package dev.deckhand.oauth;

/** A callback that cannot be honoured (bad state, replay, expiry): a 400 for the user, not a 500. */
public class InvalidFlowException extends RuntimeException {

    public InvalidFlowException(String message) {
        super(message);
    }
}
