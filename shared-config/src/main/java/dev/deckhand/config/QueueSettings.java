package dev.deckhand.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job queue's settings, typed, for jobqueue's beans (bound once from the resolved settings by
 * jobqueue's factory; tests build one directly). Values come from the catalogue only: its
 * defaults are the single declaration, so nothing here repeats one. {@link #parseQueues} is the one
 * reader of the {@code name=concurrency} syntax (WORKER_QUEUES' type, and the worker registry's
 * {@code queues} field, which is written in it).
 *
 * @param workerQueues      WORKER_QUEUES: queue name to concurrency, in the order written (empty: none)
 * @param visibilityTimeout JOB_VISIBILITY_TIMEOUT_SECONDS
 * @param drainTimeout      JOB_DRAIN_TIMEOUT_SECONDS
 */
public record QueueSettings(Map<String, Integer> workerQueues, Duration visibilityTimeout, Duration drainTimeout) {

    public QueueSettings {
        workerQueues = Collections.unmodifiableMap(new LinkedHashMap<>(workerQueues));
    }

    public static QueueSettings from(ResolvedSettings s) {
        return new QueueSettings(s.value(SettingsCatalog.WORKER_QUEUES),
                Duration.ofSeconds(s.value(SettingsCatalog.JOB_VISIBILITY_TIMEOUT_SECONDS)),
                Duration.ofSeconds(s.value(SettingsCatalog.JOB_DRAIN_TIMEOUT_SECONDS)));
    }

    /**
     * Parses {@code default=10,short=20} in order; a queue without {@code =n} gets concurrency 1;
     * blank: no queue. A malformed entry is an {@link IllegalArgumentException} (at boot,
     * {@code ValueChecks.queueList} has already explained it).
     */
    public static Map<String, Integer> parseQueues(String spec) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return Collections.unmodifiableMap(out);
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
        return Collections.unmodifiableMap(out);
    }
}
