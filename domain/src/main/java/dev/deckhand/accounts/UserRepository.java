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

    /** Users a reference names: an e-mail address (any case), a provider subject, or the user id. */
    @Query("SELECT * FROM users WHERE lower(email) = lower(:ref) OR subject = :ref OR CAST(id AS text) = :ref "
            + "ORDER BY created_at")
    List<User> findByReference(String ref);

    @Query("UPDATE users SET is_admin = :admin WHERE id = :id AND is_admin <> :admin")
    int setAdmin(UUID id, boolean admin);
}
