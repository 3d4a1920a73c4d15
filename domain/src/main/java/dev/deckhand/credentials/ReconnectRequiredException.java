package dev.deckhand.credentials;

/** The account's credentials are gone or refused: the user must connect it again. */
public class ReconnectRequiredException extends RuntimeException {

    public ReconnectRequiredException(String message) {
        super(message);
    }
}
