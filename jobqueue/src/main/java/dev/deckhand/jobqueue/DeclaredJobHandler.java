package dev.deckhand.jobqueue;

import java.time.Duration;

/**
 * A {@link JobHandler} whose name, queue, timeout and retry policy come from one {@link JobType}
 * declaration, so a handler states them once (its {@code TYPE} constant) instead of overriding
 * four methods.
 */
public interface DeclaredJobHandler extends JobHandler {

    JobType type();

    @Override
    default String name() {
        return type().name();
    }

    @Override
    default String queue() {
        return type().queue();
    }

    @Override
    default Duration timeout() {
        return type().timeout();
    }

    @Override
    default RetryPolicy retryPolicy() {
        return type().retries();
    }
}
