package dev.deckhand.config;

import java.time.Duration;

/**
 * The job queue's settings, typed, for jobqueue's beans (bound once from the resolved settings by
 * jobqueue's factory; tests build one directly). Values come from the catalogue only: its
 * defaults are the single declaration, so nothing here repeats one.
 *
 * @param workerQueues      WORKER_QUEUES as written ({@code default=10,short=20}; empty: none),
 *                          parsed by jobqueue's {@code WorkerConfig.parseQueues}
 * @param visibilityTimeout JOB_VISIBILITY_TIMEOUT_SECONDS
 * @param drainTimeout      JOB_DRAIN_TIMEOUT_SECONDS
 */
public record QueueSettings(String workerQueues, Duration visibilityTimeout, Duration drainTimeout) {

    public static QueueSettings from(ResolvedSettings s) {
        return new QueueSettings(String.join(",", s.value(SettingsCatalog.WORKER_QUEUES)),
                Duration.ofSeconds(s.value(SettingsCatalog.JOB_VISIBILITY_TIMEOUT_SECONDS)),
                Duration.ofSeconds(s.value(SettingsCatalog.JOB_DRAIN_TIMEOUT_SECONDS)));
    }
}
