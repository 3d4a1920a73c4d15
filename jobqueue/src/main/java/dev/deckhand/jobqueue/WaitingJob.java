package dev.deckhand.jobqueue;

import java.time.Instant;

/** A job waiting for its run-at time: delayed ({@code scheduled}) or in backoff ({@code retrying}). */
public record WaitingJob(String id, String queue, String type, String state, int attempt, Instant runAt,
                         String lastError) {
}
