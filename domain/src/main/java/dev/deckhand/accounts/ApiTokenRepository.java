package dev.deckhand.accounts;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiTokenRepository extends CrudRepository<ApiToken, UUID> {

    Optional<ApiToken> findByTokenHash(byte[] tokenHash);

    @Query("DELETE FROM api_tokens WHERE expires_at < :now")
    int deleteExpired(Instant now);
}
