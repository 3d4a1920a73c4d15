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
     * A step's start in one statement, just before the step is sent ({@link StepStarts}): marks it
     * in flight (a later attempt waits for it until {@code deadline}, see {@link StepLoop}) and
     * appends the log {@code lines}, only while the row is started, this attempt's and not asked
     * to cancel; returns whether it did (else nothing was written and the step must not be sent)
     * with the gate as read by the same statement.
     */
    StepStarts.Start startStep(UUID id, String runner, Instant deadline, Instant now, List<String> lines);

    /** Moves the deadline of this attempt's step in flight (it is still waiting for its response). */
    void renewStep(UUID id, String runner, Instant deadline);

    /** Ends this attempt's step in flight when no result was written (recordStep ends it otherwise). */
    void endStep(UUID id, String runner);

    /**
     * A step's end in one write: merges its result {@code patch} (a JSON object keyed by step id),
     * ends the step in flight and appends its log {@code lines}; empty when the row is no longer
     * this attempt's (nothing written), else the lines as stored (none for a run without a log).
     */
    Optional<List<RunLogs.Line>> recordStep(UUID id, String runner, String patch, Instant now, List<String> lines);

    /** Appends lines to the run's log in one write: the stored lines, or none (not this attempt's row, or a run without a log). */
    List<RunLogs.Line> appendLog(UUID id, String runner, List<String> lines);

    boolean finish(UUID id, String runner, String status, @Nullable String error, Instant now);
}
