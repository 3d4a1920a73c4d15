package dev.deckhand.runs;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The queries jobs and preflights share: the two tables have the same run columns (status,
 * runner, heartbeat, results, enqueue), so what works on a started run of either kind is written
 * once against this interface ({@link TableRows}). Each repository declares the SQL for its table.
 * A step's start (its in-flight mark, read together with the gate) is one statement of
 * {@link StepStarts} per table.
 */
public interface RunTable {

    /** The step loop's check of a run (see RunGate); empty when the row is gone. */
    Optional<RunGate> findGateById(UUID id);

    /** Takes the started row for an attempt (runner + heartbeat): 1, or 0 when it is no longer started. */
    int claim(UUID id, String runner, Instant now);

    int heartbeat(UUID id, String runner, Instant now);

    /** Extends this attempt's step in flight, whoever owns the row now. */
    int renewStepAs(UUID id, String runner, Instant deadline);

    /** Ends this attempt's step in flight when no result was written. */
    int endStepAs(UUID id, String runner);

    /** Started runs with no sign of life (heartbeat, else enqueue, else creation) since the cutoff. */
    List<QueuedRun> findSilentSince(Instant cutoff);

    /** Started runs that were enqueued and have shown no sign of life since the cutoff. */
    List<QueuedRun> findEnqueuedSilentSince(Instant cutoff);

    /** Started runs whose enqueue was never confirmed. */
    List<UUID> findUnqueuedBefore(Instant cutoff);

    /** The enqueue succeeded: its queue job id, and the enqueue as the latest sign of life. */
    int markEnqueued(UUID id, String queueJobId, Instant now);
}
