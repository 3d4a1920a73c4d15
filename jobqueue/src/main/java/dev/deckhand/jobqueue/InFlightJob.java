package dev.deckhand.jobqueue;

import java.time.Instant;

/**
 * A job leased by a worker.
 *
 * @param worker the {@link WorkerProcess#id()} running it, or null (leased by a worker older than the registry)
 */
public record InFlightJob(String id, String queue, String type, int attempt, Instant started, Instant leaseUntil,
                          String worker) {
}
