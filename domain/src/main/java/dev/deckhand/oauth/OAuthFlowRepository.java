package dev.deckhand.oauth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OAuthFlowRepository extends CrudRepository<OAuthFlow, UUID> {

    Optional<OAuthFlow> findByStateHash(byte[] stateHash);

    /** Single use: 1 for the one callback that claims the flow, 0 for any replay. */
    @Query("DELETE FROM oauth_flows WHERE id = :id")
    int claim(UUID id);

    @Query("DELETE FROM oauth_flows WHERE expires_at < :now")
    int deleteExpired(Instant now);
}
