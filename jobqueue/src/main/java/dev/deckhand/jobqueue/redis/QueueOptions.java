package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.QueueKeys;

import java.time.Duration;

/**
 * Tunables of the Redis queue shared by producers, workers and the admin API.
 *
 * @param prefix          key prefix; every key the queue writes starts with it (layout: {@link QueueKeys})
 * @param visibility      lease length: a job whose worker stops heartbeating is re-delivered after this
 * @param finishedTtl     how long succeeded/cancelled job data stays readable; the next sweep of its queue after
 *                        that deletes it ({@link QueueKeys#finished})
 * @param deadMax         dead set size bound
 * @param deadMaxAge      dead set age bound
 * @param maxDeliveries   leases that may expire (worker lost) before a job is declared dead
 */
public record QueueOptions(String prefix, Duration visibility, Duration finishedTtl, int deadMax, Duration deadMaxAge,
                           int maxDeliveries) {

    public static final String DEFAULT_PREFIX = QueueKeys.DEFAULT_PREFIX;

    /** Longest a stopped worker process stays listed in the registry. */
    static final Duration MAX_PROCESS_TTL = Duration.ofSeconds(60);

    public static QueueOptions defaults() {
        return new QueueOptions(DEFAULT_PREFIX, Duration.ofSeconds(30), Duration.ofHours(1), 10_000,
                Duration.ofDays(7), 5);
    }

    /** The key layout under this prefix. */
    public QueueKeys keys() {
        return new QueueKeys(prefix);
    }

    /**
     * How long a worker process stays in the registry after its last heartbeat: the visibility
     * timeout (a process silent that long has lost its leases too), at most 60 s.
     */
    public Duration processTtl() {
        return visibility.compareTo(MAX_PROCESS_TTL) > 0 ? MAX_PROCESS_TTL : visibility;
    }

    /** How often a worker process re-registers: six times per {@link #processTtl()}, at least every 100 ms. */
    public Duration processHeartbeat() {
        return Duration.ofMillis(Math.max(100, processTtl().toMillis() / 6));
    }

    public QueueOptions withVisibility(Duration v) {
        return new QueueOptions(prefix, v, finishedTtl, deadMax, deadMaxAge, maxDeliveries);
    }

    public QueueOptions withPrefix(String p) {
        return new QueueOptions(p, visibility, finishedTtl, deadMax, deadMaxAge, maxDeliveries);
    }

    public QueueOptions withFinishedTtl(Duration ttl) {
        return new QueueOptions(prefix, visibility, ttl, deadMax, deadMaxAge, maxDeliveries);
    }

    public QueueOptions withDeadLimits(int max, Duration age) {
        return new QueueOptions(prefix, visibility, finishedTtl, max, age, maxDeliveries);
    }

    public QueueOptions withMaxDeliveries(int n) {
        return new QueueOptions(prefix, visibility, finishedTtl, deadMax, deadMaxAge, n);
    }
}
