package dev.deckhand.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a job type (a {@link JobHandler} bean name), its queue and its arguments.
 * Arguments carry ids, never credentials or secrets ({@link JobArgs} refuses secret-like ones):
 * payloads live in Redis and are shown on the admin's job page.
 *
 * @param type      handler name, e.g. {@code plan.run}
 * @param queue     queue name; null means the handler's own queue
 * @param args      small string arguments (ids)
 * @param runAt     earliest start; null means now
 * @param uniqueKey idempotency key: while a job with this key is pending or running, enqueueing
 *                  another returns the existing job's id; null means no uniqueness
 */
public record EnqueueRequest(String type, String queue, Map<String, String> args, Instant runAt, String uniqueKey) {

    public EnqueueRequest {
        Objects.requireNonNull(type, "type");
        args = args == null ? Map.of() : Map.copyOf(args);
        JobArgs.check(args);
    }

    public static EnqueueRequest of(String type, Map<String, String> args) {
        return new EnqueueRequest(type, null, args, null, null);
    }

    public EnqueueRequest onQueue(String q) {
        return new EnqueueRequest(type, q, args, runAt, uniqueKey);
    }

    public EnqueueRequest at(Instant when) {
        return new EnqueueRequest(type, queue, args, when, uniqueKey);
    }

    public EnqueueRequest in(Duration delay) {
        return at(Instant.now().plus(delay));
    }

    public EnqueueRequest unique(String key) {
        return new EnqueueRequest(type, queue, args, runAt, key);
    }
}
