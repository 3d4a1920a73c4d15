package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.redis.QueueOptions;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one worker process consumes and how.
 *
 * @param queues       queue name -> concurrency (each queue gets its own executor and fetcher, so a
 *                     flood on one queue cannot delay another)
 * @param drainTimeout on shutdown, how long running jobs may finish before being handed back
 * @param fetchBatch   most jobs leased per fetch round trip
 * @param options      queue-wide options (visibility timeout, TTLs, dead set bounds)
 */
public record WorkerConfig(Map<String, Integer> queues, Duration drainTimeout, int fetchBatch, QueueOptions options) {

    public WorkerConfig {
        queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
        if (fetchBatch < 1) {
            throw new IllegalArgumentException("fetchBatch must be >= 1");
        }
    }

    /** Parses {@code default=10,short=20}; a queue without {@code =n} gets concurrency 1. */
    public static Map<String, Integer> parseQueues(String spec) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).trim();
            int n = eq < 0 ? 1 : Integer.parseInt(p.substring(eq + 1).trim());
            if (name.isEmpty() || name.contains(":") || n < 1) {
                throw new IllegalArgumentException("bad WORKER_QUEUES entry '" + p + "': expected name=concurrency (>= 1)");
            }
            out.put(name, n);
        }
        return out;
    }
}
