package dev.deckhand.credentials;

/** A stored credential could not be authenticated: never returns partial or guessed plaintext. */
public class TamperedCredentialException extends RuntimeException {

    public TamperedCredentialException(String message) {
        super(message);
    }
}
