package dev.deckhand.jobqueue;

import java.time.Instant;
import java.util.Map;

/** A job in the dead set: it exhausted its attempts, lost its worker too often, or has no handler. */
public record DeadJob(String id, String type, String queue, Map<String, String> args, int attempts,
                      String reason, String stackTrace, Instant diedAt) {
}
