package dev.deckhand.jobqueue;

import java.time.Instant;

/**
 * One row of a job list.
 *
 * @param at        the list's time: run-at (scheduled, retrying), lease deadline (in flight),
 *                  enqueued (ready), died (dead)
 * @param lastError the last failure's reason, empty if none
 */
public record JobSummary(String id, String type, String queue, String state, int attempt, Instant at,
                         String lastError) {
}
