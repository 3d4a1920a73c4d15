package dev.deckhand.runs;

import io.micronaut.core.annotation.Introspected;

/**
 * What a job runner checks before each step, in one small read (not the whole job row with its
 * growing log): was cancel requested, and is the job's account still connected.
 */
@Introspected
public record RunGate(boolean cancelRequested, boolean accountActive) {
}
