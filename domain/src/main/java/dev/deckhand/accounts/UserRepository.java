package dev.deckhand.accounts;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends CrudRepository<User, UUID> {

    Optional<User> findByIssuerAndSubject(String issuer, String subject);

    /**
     * The user owning the token with this hash, if the token is still valid at {@code now}
     * ({@code now} strictly before its expiry): one statement, so resolving a request's token
     * costs one round trip and one pooled connection.
     */
    @Query("""
            SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = :tokenHash AND t.expires_at > :now""")
    Optional<User> findByLiveTokenHash(byte[] tokenHash, Instant now);
}
