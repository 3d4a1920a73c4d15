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

    // The SQL both tables share, declared once. Micronaut Data's @Query takes a compile-time constant,
    // so a table's name cannot be a parameter: each repository writes "UPDATE <table>" or "... FROM
    // <table>" and appends these.

    /**
     * A {@link RunGate}'s columns after status, runner and cancel flag, of the run row aliased {@code r}
     * (each repository's {@code GATE_COLUMNS}, read here and in {@link StepStarts}).
     */
    String GATE_COLUMNS_TAIL = "(r.account_id IS NULL OR EXISTS (SELECT 1 FROM connected_accounts a "
            + "WHERE a.id = r.account_id AND a.state = 'active')) AS account_active, r.step_runner, r.step_deadline";
    String CLAIM_SQL = " SET runner = :runner, heartbeat_at = :now WHERE id = :id AND status = 'started'";
    String HEARTBEAT_SQL = " SET heartbeat_at = :now WHERE id = :id AND runner = :runner AND status = 'started'";
    String RENEW_STEP_SQL = " SET step_deadline = :deadline WHERE id = :id AND step_runner = :runner";
    String END_STEP_SQL = " SET step_runner = NULL, step_deadline = NULL WHERE id = :id AND step_runner = :runner";
    String MARK_ENQUEUED_SQL = " SET enqueued_at = :now, heartbeat_at = :now, queue_job_id = :queueJobId WHERE id = :id";
    /** {@link QueuedRun}'s columns; the table follows. */
    String QUEUED_RUN_FROM = "SELECT id, user_id, queue_job_id FROM ";
    String SILENT_SQL = " WHERE status = 'started' AND COALESCE(heartbeat_at, enqueued_at, created_at) < :cutoff "
            + "ORDER BY created_at LIMIT 500";
    String ENQUEUED_SILENT_SQL = " WHERE status = 'started' AND enqueued_at IS NOT NULL "
            + "AND COALESCE(heartbeat_at, enqueued_at) < :cutoff ORDER BY created_at LIMIT 500";
    String UNQUEUED_SQL = " WHERE status = 'started' AND enqueued_at IS NULL AND created_at < :cutoff "
            + "ORDER BY created_at LIMIT 500";

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
