package dev.deckhand.jobqueue;

/** Redis could not be reached or refused the operation; the caller must not assume success. */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
