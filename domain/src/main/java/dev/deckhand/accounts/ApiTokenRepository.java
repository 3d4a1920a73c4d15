package dev.deckhand.accounts;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ApiTokenRepository extends CrudRepository<ApiToken, UUID> {

    Optional<ApiToken> findByTokenHash(byte[] tokenHash);

    /** A user's tokens of one kind ({@code api}: personal API tokens), newest first. */
    List<ApiToken> findByUserIdAndKindOrderByCreatedAtDesc(UUID userId, String kind);

    /** Revokes one of the user's tokens; 0 when it is not theirs or already gone. */
    @Query("DELETE FROM api_tokens WHERE id = :id AND user_id = :userId AND kind = :kind")
    int deleteOwned(UUID id, UUID userId, String kind);

    @Query("DELETE FROM api_tokens WHERE expires_at < :now")
    int deleteExpired(Instant now);
}
