package dev.deckhand.jobqueue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in
 * [0, min(max, base * 2^(n-1))]. After {@code maxAttempts} the job goes to the dead set.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofMinutes(10));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public Duration backoff(int attempt) {
        long cap = Math.min(max.toMillis(), base.toMillis() * (1L << Math.min(30, Math.max(0, attempt - 1))));
        return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
