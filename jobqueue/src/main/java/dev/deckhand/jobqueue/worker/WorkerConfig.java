package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.redis.QueueOptions;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one worker process consumes and how.
 *
 * @param queues       queue name -> concurrency (WORKER_QUEUES, read by {@code QueueSettings.parseQueues}; each
 *                     queue gets its own executor and fetcher, so a
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
}
