package dev.deckhand.credentials;

import dev.deckhand.audit.AuditLog;
import dev.deckhand.oauth.OAuthClient;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Custody of refresh tokens the system stops holding (issue #13 item 7): none is ever dropped
 * without being revoked at the provider (RFC 7009) or queued for it.
 *
 * <ul>
 *   <li>{@link #queue}: inside the caller's transaction, so the token leaves an account row and
 *       enters the queue atomically (a reconnect or a rotating refresh replaced it);</li>
 *   <li>{@link #revokeNowOrQueue}: outside any transaction, for a token nobody will ever store
 *       (a flow that failed after the code exchange): revoked at once, queued if that fails;</li>
 *   <li>{@link #processDue}: run by the credential sweep every minute; on failure the row backs
 *       off (1 min .. 1 h) and after {@link #MAX_ATTEMPTS} it is deleted, audited, like the
 *       sweep's own revocations.</li>
 * </ul>
 * Tokens live only here, encrypted, never in Redis, logs or job payloads.
 */
@Singleton
public class RefreshTokenRevocations {

    static final int MAX_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenRevocations.class);

    private final PendingRevocationRepository pending;
    private final CredentialVault vault;
    private final OAuthClient oauth;
    private final AuditLog audit;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;

    public RefreshTokenRevocations(PendingRevocationRepository pending, CredentialVault vault, OAuthClient oauth,
                                   AuditLog audit, TransactionOperations<Connection> tx, Clock clock) {
        this.pending = pending;
        this.vault = vault;
        this.oauth = oauth;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /** Queues {@code refreshToken} for revocation by the next sweep; joins the caller's transaction. */
    public void queue(String refreshToken, String reason) {
        if (refreshToken == null) {
            return;
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        pending.save(new PendingRevocation(id, vault.encrypt(refreshToken, id), reason, now, 0, now));
    }

    /** Revokes at once; queues when the provider cannot be reached or refuses. Never throws. */
    public void revokeNowOrQueue(String refreshToken, String reason) {
        if (refreshToken == null) {
            return;
        }
        try {
            oauth.revoke(refreshToken, "refresh_token");
        } catch (RuntimeException e) {
            LOG.warn("revoking a dropped refresh token ({}) failed, queued: {}", reason, e.getMessage());
            try {
                tx.executeWrite(s -> {
                    queue(refreshToken, reason);
                    return null;
                });
            } catch (RuntimeException q) {
                LOG.error("could not queue a dropped refresh token ({}) for revocation: {}", reason,
                        q.getClass().getSimpleName());
            }
        }
    }

    /** Revokes due queued tokens until none is due or {@code stop} says so; returns how many were processed. */
    public int processDue(Instant now, BooleanSupplier stop) {
        int processed = 0;
        while (!stop.getAsBoolean() && processNext(now)) {
            processed++;
        }
        return processed;
    }

    private boolean processNext(Instant now) {
        return tx.executeWrite(s -> {
            var due = pending.lockNextDue(now);
            if (due.isEmpty()) {
                return false;
            }
            PendingRevocation p = due.get(0);
            try {
                oauth.revoke(vault.decrypt(p.refreshToken(), p.id()), "refresh_token");
                pending.delete(p);
                audit.record(null, "refresh_token.revoked", "refresh_token_revocation", p.id().toString(),
                        Map.of("reason", p.reason()));
            } catch (RuntimeException e) {
                int attempts = p.attempts() + 1;
                if (attempts >= MAX_ATTEMPTS || e instanceof TamperedCredentialException) {
                    pending.delete(p);
                    audit.record(null, "refresh_token.revocation_abandoned", "refresh_token_revocation",
                            p.id().toString(), Map.of("attempts", attempts, "error", e.getClass().getSimpleName()));
                } else {
                    long minutes = Math.min(60, 1L << Math.min(6, attempts - 1));
                    pending.failed(p.id(), now.plus(Duration.ofMinutes(minutes)));
                    LOG.warn("revocation of a dropped refresh token failed (attempt {}): {}", attempts, e.getMessage());
                }
            }
            return true;
        });
    }
}
