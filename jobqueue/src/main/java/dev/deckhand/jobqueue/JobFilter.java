package dev.deckhand.jobqueue;

import java.util.Locale;

/**
 * Which jobs of a list: {@code queue} (null = every queue) and {@code query} (null or blank = all),
 * matched case-insensitively as a substring of the job's id, type or last error text.
 */
public record JobFilter(String queue, String query) {

    public static final JobFilter ALL = new JobFilter(null, null);

    public JobFilter {
        queue = queue == null || queue.isBlank() ? null : queue.strip();
        query = query == null || query.isBlank() ? null : query.strip().toLowerCase(Locale.ROOT);
    }

    public static JobFilter query(String query) {
        return new JobFilter(null, query);
    }
}
