package dev.deckhand.jobqueue.redis;

import java.util.Map;

/**
 * A leased job as returned by a fetch. {@code fence} is the fencing token of this delivery: every
 * later state change (heartbeat, ack, fail, release) must present it and is refused otherwise.
 * {@code traceparent} is the enqueuer's W3C trace context (null when tracing was off).
 */
public record FetchedJob(String id, String fence, String queue, String type, Map<String, String> args, int attempt,
                         long enqueuedAtMs, long startedAtMs, String traceparent) {

    /** Without a trace parent (tests, callers that predate tracing). */
    public FetchedJob(String id, String fence, String queue, String type, Map<String, String> args, int attempt,
                      long enqueuedAtMs, long startedAtMs) {
        this(id, fence, queue, type, args, attempt, enqueuedAtMs, startedAtMs, null);
    }
}
