package dev.deckhand.runs;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The writes one attempt makes to its run's row, each fenced by the attempt's {@code runner}
 * token: once the reaper, a user's cancel or a newer attempt (a re-delivered queue job) has
 * taken the row, an older attempt's writes match nothing and return false, so it stops
 * without touching a row that is no longer its own. Implemented for jobs and for preflights.
 */
interface RunRows {

    /** Takes the started row for this attempt (runner + heartbeat); false when it is no longer started. */
    boolean claim(UUID id, String runner, Instant now);

    Optional<RunGate> gate(UUID id);

    /** A sign of life, used by the reaper and the dispatcher. */
    boolean heartbeat(UUID id, String runner, Instant now);

    /**
     * A step's end in one write: merges its result {@code patch} (a JSON object keyed by step id)
     * and appends its log {@code lines}; empty when the row is no longer this attempt's (nothing
     * written), else the lines as stored (none for a run without a log).
     */
    Optional<List<RunLogs.Line>> recordStep(UUID id, String runner, String patch, Instant now, List<String> lines);

    /** Appends lines to the run's log in one write: the stored lines, or none (not this attempt's row, or a run without a log). */
    List<RunLogs.Line> appendLog(UUID id, String runner, List<String> lines);

    boolean finish(UUID id, String runner, String status, @Nullable String error, Instant now);
}
