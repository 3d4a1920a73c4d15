package dev.deckhand.credentials;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PendingRevocationRepository extends CrudRepository<PendingRevocation, UUID> {

    /** The next due revocation, locked (SKIP LOCKED: concurrent sweeps take others). */
    @Query("SELECT * FROM refresh_token_revocations WHERE next_attempt_at <= :now "
            + "ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED")
    List<PendingRevocation> lockNextDue(Instant now);

    @Query("UPDATE refresh_token_revocations SET attempts = attempts + 1, next_attempt_at = :next WHERE id = :id")
    int failed(UUID id, Instant next);
}
