package dev.deckhand.runs;

/** Back-pressure: the queue is deeper than MAX_QUEUE_LENGTH; answer 503 with Retry-After. */
public class QueueFullException extends RuntimeException {

    private final int retryAfterSeconds;

    public QueueFullException(String queue, int retryAfterSeconds) {
        super("the " + queue + " queue is full, try again later");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
