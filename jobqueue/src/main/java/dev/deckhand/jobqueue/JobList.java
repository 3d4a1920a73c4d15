package dev.deckhand.jobqueue;

/**
 * The job lists an admin pages through: {@link #READY} oldest first, {@link #SCHEDULED} (delayed
 * jobs) and {@link #RETRYING} (in backoff after a failure) soonest first, {@link #IN_FLIGHT} by
 * lease deadline, {@link #DEAD} newest first.
 */
public enum JobList {
    READY, SCHEDULED, RETRYING, IN_FLIGHT, DEAD
}
