package dev.deckhand.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Preflight rows; the attempt's writes are fenced as in {@link JobRepository}. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PreflightRepository extends CrudRepository<Preflight, UUID>, RunTable {

    Optional<Preflight> findFirstByUserIdAndPlanIdOrderByCreatedAtDesc(UUID userId, UUID planId);

    /** A {@link RunGate} of the preflight row {@code r}, in its order (here and in {@link StepStarts}). */
    String GATE_COLUMNS = "r.status, r.runner, false AS cancel_requested, " + GATE_COLUMNS_TAIL;

    /** The step loop's check of a preflight (see RunGate; preflights have no cancel flag). */
    @Query("SELECT " + GATE_COLUMNS + " FROM preflights r WHERE r.id = :id")
    Optional<RunGate> findGateById(UUID id);

    @Query("UPDATE preflights" + CLAIM_SQL)
    int claim(UUID id, String runner, Instant now);

    @Query("UPDATE preflights" + HEARTBEAT_SQL)
    int heartbeat(UUID id, String runner, Instant now);

    /** Merges one step's result (a JSON object keyed by step id); it also ends the step in flight. */
    @Query("UPDATE preflights SET results = results || CAST(:patch AS jsonb), heartbeat_at = :now, "
            + "step_runner = NULL, step_deadline = NULL WHERE id = :id AND runner = :runner AND status = 'started'")
    int mergeResultAs(UUID id, String runner, String patch, Instant now);

    /** Extends this attempt's step in flight (its request has not returned yet), whoever owns the row now. */
    @Query("UPDATE preflights" + RENEW_STEP_SQL)
    int renewStepAs(UUID id, String runner, Instant deadline);

    /** This attempt's step has ended without a result written (stopped, or the row was taken over). */
    @Query("UPDATE preflights" + END_STEP_SQL)
    int endStepAs(UUID id, String runner);

    @Query("UPDATE preflights SET status = :status, error = :error, finished_at = :now, expires_at = :expiresAt "
            + "WHERE id = :id AND runner = :runner AND status = 'started'")
    int finishAs(UUID id, String runner, String status, @Nullable String error, Instant now,
                 @Nullable Instant expiresAt);

    /** See JobRepository#findSilentSince. */
    @Query(QUEUED_RUN_FROM + "preflights" + SILENT_SQL)
    List<QueuedRun> findSilentSince(Instant cutoff);

    /** See JobRepository#findEnqueuedSilentSince. */
    @Query(QUEUED_RUN_FROM + "preflights" + ENQUEUED_SILENT_SQL)
    List<QueuedRun> findEnqueuedSilentSince(Instant cutoff);

    /** Results past their expiry by more than the grace period are of no further use. */
    @Query("DELETE FROM preflights WHERE status <> 'started' AND COALESCE(expires_at, finished_at) < :cutoff")
    int deleteExpiredBefore(Instant cutoff);

    @Query("UPDATE preflights" + MARK_ENQUEUED_SQL)
    int markEnqueued(UUID id, String queueJobId, Instant now);

    /** Started preflights whose enqueue was never confirmed (see UnqueuedRunDispatcher). */
    @Query("SELECT id FROM preflights" + UNQUEUED_SQL)
    List<UUID> findUnqueuedBefore(Instant cutoff);

    @Query("UPDATE preflights SET status = :status, error = :error, finished_at = :now, expires_at = :expiresAt "
            + "WHERE id = :id AND status = 'started'")
    int finish(UUID id, String status, @Nullable String error, Instant now, @Nullable Instant expiresAt);
}
