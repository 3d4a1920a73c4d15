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
public interface ConnectedAccountRepository extends CrudRepository<ConnectedAccount, UUID> {

    List<ConnectedAccount> findByUserId(UUID userId);

    Optional<ConnectedAccount> findByUserIdAndIssuerAndSubjectAndState(UUID userId, String issuer, String subject,
                                                                     String state);

    /**
     * The active connection of (user, issuer, subject), locked. Under READ COMMITTED a row that a
     * concurrent sweep retires is re-checked after the lock wait and no longer matches.
     */
    @Query("SELECT * FROM connected_accounts WHERE user_id = :userId AND issuer = :issuer AND subject = :subject "
            + "AND state = 'active' FOR UPDATE")
    Optional<ConnectedAccount> findActiveForUpdate(UUID userId, String issuer, String subject);

    /** Locks the row so that two workers never refresh one account's token at the same time. */
    @Query("SELECT * FROM connected_accounts WHERE id = :id FOR UPDATE")
    Optional<ConnectedAccount> findByIdForUpdate(UUID id);

    @Query("UPDATE connected_accounts SET last_used_at = :now WHERE id = :id AND state = 'active'")
    int touch(UUID id, Instant now);

    /**
     * Sweep, phase 1 candidates: active accounts unused since {@code cutoff} and not used by a
     * running preflight or job, locked (SKIP LOCKED: a concurrent sweep takes others).
     */
    @Query("""
            SELECT a.* FROM connected_accounts a
            WHERE a.state = 'active' AND a.last_used_at < :cutoff
              AND NOT EXISTS (SELECT 1 FROM preflights p WHERE p.account_id = a.id AND p.status = 'started')
              AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.account_id = a.id AND j.status = 'started')
            ORDER BY a.last_used_at LIMIT 500 FOR UPDATE OF a SKIP LOCKED""")
    List<ConnectedAccount> lockStale(Instant cutoff);

    /** The account stops being usable at once: access token erased, refresh token kept until revoked. */
    @Query("UPDATE connected_accounts SET state = 'revoking', access_token = NULL, next_revoke_at = :now WHERE id = :id")
    int retire(UUID id, Instant now);

    @Query("SELECT * FROM connected_accounts WHERE state = 'revoking' AND next_revoke_at <= :now "
            + "ORDER BY next_revoke_at LIMIT :limit FOR UPDATE SKIP LOCKED")
    List<ConnectedAccount> lockDueRevocations(Instant now, int limit);

    @Query("UPDATE connected_accounts SET revoke_attempts = revoke_attempts + 1, next_revoke_at = :next WHERE id = :id")
    int revocationFailed(UUID id, Instant next);
}
