package dev.deckhand.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PreflightRepository extends CrudRepository<Preflight, UUID> {

    Optional<Preflight> findFirstByUserIdAndPlanIdOrderByCreatedAtDesc(UUID userId, UUID planId);

    /** Merges one step's result (a JSON object keyed by step id). */
    @Query("UPDATE preflights SET results = results || CAST(:patch AS jsonb) WHERE id = :id")
    int mergeResult(UUID id, String patch);

    @Query("UPDATE preflights SET status = :status, error = :error, finished_at = :now, expires_at = :expiresAt "
            + "WHERE id = :id AND status = 'started'")
    int finish(UUID id, String status, @Nullable String error, Instant now, @Nullable Instant expiresAt);
}
