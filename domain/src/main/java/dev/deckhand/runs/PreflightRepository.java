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
public interface PreflightRepository extends CrudRepository<Preflight, UUID> {

    Optional<Preflight> findFirstByUserIdAndPlanIdOrderByCreatedAtDesc(UUID userId, UUID planId);

    /** Merges one step's result (a JSON object keyed by step id). */
    @Query("UPDATE preflights SET results = results || CAST(:patch AS jsonb) WHERE id = :id")
    int mergeResult(UUID id, String patch);

    @Query("SELECT * FROM preflights WHERE status = 'started' AND created_at < :cutoff ORDER BY created_at LIMIT 500")
    java.util.List<Preflight> findStartedBefore(Instant cutoff);

    /** Results past their expiry by more than the grace period are of no further use. */
    @Query("DELETE FROM preflights WHERE status <> 'started' AND COALESCE(expires_at, finished_at) < :cutoff")
    int deleteExpiredBefore(Instant cutoff);

    @Query("UPDATE preflights SET enqueued_at = :now WHERE id = :id")
    int markEnqueued(UUID id, Instant now);

    /** Started preflights whose enqueue was never confirmed (see UnqueuedRunDispatcher). */
    @Query("SELECT id FROM preflights WHERE status = 'started' AND enqueued_at IS NULL AND created_at < :cutoff "
            + "ORDER BY created_at LIMIT 500")
    List<UUID> findUnqueuedBefore(Instant cutoff);

    @Query("UPDATE preflights SET status = :status, error = :error, finished_at = :now, expires_at = :expiresAt "
            + "WHERE id = :id AND status = 'started'")
    int finish(UUID id, String status, @Nullable String error, Instant now, @Nullable Instant expiresAt);
}
