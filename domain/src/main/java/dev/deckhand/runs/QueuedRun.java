package dev.deckhand.runs;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * A started run as the dispatcher and the reaper see it: its owner (for the final event) and the
 * id of the queue job last enqueued for it, whose state in the queue tells whether anyone can
 * still be working on it (see {@link QueueJobState}).
 */
@Introspected
public record QueuedRun(UUID id, UUID userId, @Nullable String queueJobId) {
}
