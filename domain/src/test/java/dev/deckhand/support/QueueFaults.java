package dev.deckhand.support;

import dev.deckhand.jobqueue.QueueKeys;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.Optional;

/**
 * Faults a test injects into the real Redis queue from outside, as an operator or a network
 * partition would. Keys come from jobqueue's {@link QueueKeys} (the one declaration of the
 * layout); what it changes ({@code a:{arg}} fields, the {@code fence}, the in-flight zset score)
 * is the state machine documented in docs/internals.md.
 */
public final class QueueFaults {

    private static final QueueKeys KEYS = QueueKeys.DEFAULT;

    private QueueFaults() {
    }

    /** The id of the queue job whose argument {@code arg} is {@code value} (e.g. job_id of a run). */
    public static Optional<String> queueJobId(RedisClient redis, String arg, String value) {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().match(KEYS.jobPattern()).count(500));
            for (String key : page.getResult()) {
                if (value.equals(redis.hget(key, "a:" + arg))) {
                    return Optional.of(KEYS.jobId(key));
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return Optional.empty();
    }

    /**
     * Takes the lease away from the worker running the job, as a pause past the visibility
     * timeout would: its fencing token no longer matches and its in-flight deadline has passed,
     * so any worker's reaper hands the job to the next fetch and the old holder's heartbeat
     * reports the lease lost.
     */
    public static void expireLease(RedisClient redis, String queue, String queueJobId) {
        redis.hset(KEYS.job(queueJobId), "fence", "superseded");
        redis.zadd(KEYS.inFlight(queue), 0, queueJobId);
    }
}
