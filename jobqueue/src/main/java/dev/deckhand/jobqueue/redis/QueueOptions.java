package dev.deckhand.jobqueue.redis;

import java.time.Duration;

/**
 * Tunables of the Redis queue shared by producers, workers and the admin API.
 *
 * @param prefix          key prefix; every key the queue writes starts with it
 * @param visibility      lease length: a job whose worker stops heartbeating is re-delivered after this
 * @param finishedTtl     how long succeeded/cancelled job data stays readable
 * @param deadMax         dead set size bound
 * @param deadMaxAge      dead set age bound
 * @param maxDeliveries   leases that may expire (worker lost) before a job is declared dead
 */
public record QueueOptions(String prefix, Duration visibility, Duration finishedTtl, int deadMax, Duration deadMaxAge,
                           int maxDeliveries) {

    public static final String DEFAULT_PREFIX = "dh:";

    public static QueueOptions defaults() {
        return new QueueOptions(DEFAULT_PREFIX, Duration.ofSeconds(30), Duration.ofHours(1), 10_000,
                Duration.ofDays(7), 5);
    }

    public QueueOptions withVisibility(Duration v) {
        return new QueueOptions(prefix, v, finishedTtl, deadMax, deadMaxAge, maxDeliveries);
    }

    public QueueOptions withPrefix(String p) {
        return new QueueOptions(p, visibility, finishedTtl, deadMax, deadMaxAge, maxDeliveries);
    }

    public QueueOptions withDeadLimits(int max, Duration age) {
        return new QueueOptions(prefix, visibility, finishedTtl, max, age, maxDeliveries);
    }

    public QueueOptions withMaxDeliveries(int n) {
        return new QueueOptions(prefix, visibility, finishedTtl, deadMax, deadMaxAge, n);
    }
}
