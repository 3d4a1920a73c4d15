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

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface JobRepository extends CrudRepository<Job, UUID> {

    List<Job> findByUserIdOrderByCreatedAtDesc(UUID userId);

    @Query("UPDATE jobs SET results = results || CAST(:patch AS jsonb) WHERE id = :id")
    int mergeResult(UUID id, String patch);

    @Query("UPDATE jobs SET log = log || :line WHERE id = :id")
    int appendLog(UUID id, String line);

    /** The per-step check of a running job; empty when the job row is gone. */
    @Query("SELECT j.cancel_requested, (j.account_id IS NULL OR EXISTS (SELECT 1 FROM connected_accounts a "
            + "WHERE a.id = j.account_id AND a.state = 'active')) AS account_active FROM jobs j WHERE j.id = :id")
    Optional<RunGate> findGateById(UUID id);

    @Query("UPDATE jobs SET cancel_requested = true WHERE id = :id AND status = 'started'")
    int requestCancel(UUID id);

    /** Started jobs created before the cutoff: no attempt can still be running (see InterruptedRunReaper). */
    @Query("SELECT * FROM jobs WHERE status = 'started' AND created_at < :cutoff ORDER BY created_at LIMIT 500")
    List<Job> findStartedBefore(Instant cutoff);

    @Query("SELECT id FROM jobs WHERE status <> 'started' AND finished_at < :cutoff ORDER BY finished_at LIMIT 1000")
    List<UUID> findFinishedBefore(Instant cutoff);

    @Query("UPDATE jobs SET enqueued_at = :now WHERE id = :id")
    int markEnqueued(UUID id, Instant now);

    /** Started jobs whose enqueue was never confirmed (see UnqueuedRunDispatcher). */
    @Query("SELECT id FROM jobs WHERE status = 'started' AND enqueued_at IS NULL AND created_at < :cutoff "
            + "ORDER BY created_at LIMIT 500")
    List<UUID> findUnqueuedBefore(Instant cutoff);

    /** Only a started job finishes, once: a late or duplicate delivery cannot rewrite a final state. */
    @Query("UPDATE jobs SET status = :status, error = :error, finished_at = :now WHERE id = :id AND status = 'started'")
    int finish(UUID id, String status, @Nullable String error, Instant now);
}
