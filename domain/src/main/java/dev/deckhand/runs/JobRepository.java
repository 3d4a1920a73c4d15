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

/**
 * Job rows. The writes of a running attempt ({@code ...As}) are fenced by its runner token and
 * the started status (see {@link StepLoop}; a step's start, its in-flight mark with the gate read
 * and its started line, is one statement of {@link StepStarts}; its result is merged with its log
 * lines by {@link RunLogs#recordStepAs}); {@code heartbeat_at} is the run's last sign of life.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface JobRepository extends CrudRepository<Job, UUID>, RunTable {

    List<Job> findByUserIdOrderByCreatedAtDesc(UUID userId);

    /** A page of the user's jobs older than (before, beforeId), newest first (see RunHistory). */
    @Query("SELECT " + COLUMNS + " FROM jobs WHERE user_id = :userId AND (created_at, id) < (:before, :beforeId) "
            + "ORDER BY created_at DESC, id DESC LIMIT :limit")
    List<Job> findPageOfUser(UUID userId, Instant before, UUID beforeId, int limit);

    @Query("SELECT " + COLUMNS + " FROM jobs WHERE user_id = :userId AND status = :status "
            + "AND (created_at, id) < (:before, :beforeId) ORDER BY created_at DESC, id DESC LIMIT :limit")
    List<Job> findPageOfUserWithStatus(UUID userId, String status, Instant before, UUID beforeId, int limit);

    /** The columns of {@link Job}. */
    String COLUMNS = "id, plan_id, user_id, account_id, preflight_id, status, selected_steps, results, "
            + "cancel_requested, error, created_at, finished_at";

    /** A {@link RunGate} of the job row {@code r}, in its order (here and in {@link StepStarts}). */
    String GATE_COLUMNS = "r.status, r.runner, r.cancel_requested, " + GATE_COLUMNS_TAIL;

    /** The step loop's check of a job (see RunGate); empty when the job row is gone. */
    @Query("SELECT " + GATE_COLUMNS + " FROM jobs r WHERE r.id = :id")
    Optional<RunGate> findGateById(UUID id);

    @Query("UPDATE jobs" + CLAIM_SQL)
    int claim(UUID id, String runner, Instant now);

    @Query("UPDATE jobs" + HEARTBEAT_SQL)
    int heartbeat(UUID id, String runner, Instant now);

    /** Extends this attempt's step in flight (its request has not returned yet), whoever owns the row now. */
    @Query("UPDATE jobs" + RENEW_STEP_SQL)
    int renewStepAs(UUID id, String runner, Instant deadline);

    /** This attempt's step has ended without a result written (stopped, or the row was taken over). */
    @Query("UPDATE jobs" + END_STEP_SQL)
    int endStepAs(UUID id, String runner);

    @Query("UPDATE jobs SET status = :status, error = :error, finished_at = :now "
            + "WHERE id = :id AND runner = :runner AND status = 'started'")
    int finishAs(UUID id, String runner, String status, @Nullable String error, Instant now);

    @Query("UPDATE jobs SET cancel_requested = true WHERE id = :id AND status = 'started'")
    int requestCancel(UUID id);

    /**
     * Started jobs with no sign of life (heartbeat, else enqueue, else creation) since the cutoff
     * (see InterruptedRunReaper).
     */
    @Query(QUEUED_RUN_FROM + "jobs" + SILENT_SQL)
    List<QueuedRun> findSilentSince(Instant cutoff);

    /** Started jobs that were enqueued and have shown no sign of life since the cutoff (see UnqueuedRunDispatcher). */
    @Query(QUEUED_RUN_FROM + "jobs" + ENQUEUED_SILENT_SQL)
    List<QueuedRun> findEnqueuedSilentSince(Instant cutoff);

    @Query("SELECT id FROM jobs WHERE status <> 'started' AND finished_at < :cutoff ORDER BY finished_at LIMIT 1000")
    List<UUID> findFinishedBefore(Instant cutoff);

    /** The enqueue succeeded: its queue job id, and the enqueue as the latest sign of life. */
    @Query("UPDATE jobs" + MARK_ENQUEUED_SQL)
    int markEnqueued(UUID id, String queueJobId, Instant now);

    /** Started jobs whose enqueue was never confirmed (see UnqueuedRunDispatcher). */
    @Query("SELECT id FROM jobs" + UNQUEUED_SQL)
    List<UUID> findUnqueuedBefore(Instant cutoff);

    /** Only a started job finishes, once: a late or duplicate delivery cannot rewrite a final state. */
    @Query("UPDATE jobs SET status = :status, error = :error, finished_at = :now WHERE id = :id AND status = 'started'")
    int finish(UUID id, String status, @Nullable String error, Instant now);

    /**
     * A failed job starts its next attempt (see RunService#retry): results are replaced by the
     * kept ones, the enqueue is pending again (so the dispatcher covers a lost enqueue).
     */
    @Query("UPDATE jobs SET status = 'started', results = CAST(:results AS jsonb), error = NULL, finished_at = NULL, "
            + "cancel_requested = false, account_id = :accountId, attempt = attempt + 1, runner = NULL, "
            + "enqueued_at = NULL, queue_job_id = NULL, heartbeat_at = :now WHERE id = :id AND status = 'failed'")
    int restart(UUID id, String results, UUID accountId, Instant now);

    /** 1 for the first attempt; each retry adds one. */
    @Query("SELECT attempt FROM jobs WHERE id = :id")
    Optional<Integer> findAttemptById(UUID id);
}
