package dev.deckhand.credentials;

import dev.deckhand.accounts.ApiTokenRepository;
import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.audit.AuditLog;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.DeclaredJobHandler;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobType;
import dev.deckhand.oauth.OAuthClient;
import dev.deckhand.oauth.OAuthFlowRepository;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code credentials.sweep} (queue short, fired every minute by the scheduler). Two phases:
 *
 * <ol>
 *   <li>Retire: accounts unused for TOKEN_LIFETIME_MINUTES and not held by a running preflight or
 *       job become {@code revoking} in one UPDATE: the access token is erased at once and the
 *       account is no longer usable; the user gets a {@code reconnect} event.</li>
 *   <li>Revoke: for each revoking account that is due, the refresh token is revoked at the
 *       provider (RFC 7009) and the row deleted in the same transaction. On failure only the
 *       attempt count and next_revoke_at change (exponential backoff, 1 min .. 1 h), so the token
 *       stays in Postgres exactly until the provider confirms, and nothing about it is put in a
 *       job payload or in Redis. After {@link #MAX_REVOKE_ATTEMPTS} the row is deleted anyway
 *       (audited): a refresh token the provider keeps refusing to revoke is not worth keeping.</li>
 *   <li>Dropped: refresh tokens no account holds any more (replaced, rotated, or from a failed
 *       flow) are revoked from {@link RefreshTokenRevocations}' queue the same way.</li>
 * </ol>
 *
 * Idempotent and safe to run concurrently: phase 1 is a single conditional UPDATE and phase 2
 * locks rows with SKIP LOCKED.
 */
@Singleton
@Named(CredentialSweeper.NAME)
public class CredentialSweeper implements DeclaredJobHandler {

    public static final String NAME = "credentials.sweep";
    /** No retries: the next firing is a minute away, retrying a failed sweep sooner buys nothing. */
    public static final JobType TYPE = JobType.periodic(NAME).withTimeout(Duration.ofMinutes(2));
    static final int MAX_REVOKE_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(CredentialSweeper.class);

    private final ConnectedAccountRepository accounts;
    private final ApiTokenRepository apiTokens;
    private final OAuthFlowRepository flows;
    private final RefreshTokenRevocations dropped;
    private final CredentialVault vault;
    private final OAuthClient oauth;
    private final EventPublisher events;
    private final AuditLog audit;
    private final TransactionOperations<Connection> tx;
    private final Clock clock;
    private final Duration lifetime;

    public CredentialSweeper(ConnectedAccountRepository accounts, ApiTokenRepository apiTokens, OAuthFlowRepository flows,
                             RefreshTokenRevocations dropped, CredentialVault vault, OAuthClient oauth, EventPublisher events, AuditLog audit,
                             TransactionOperations<Connection> tx, Clock clock, ResolvedSettings settings) {
        this.accounts = accounts;
        this.apiTokens = apiTokens;
        this.flows = flows;
        this.dropped = dropped;
        this.vault = vault;
        this.oauth = oauth;
        this.events = events;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
        this.lifetime = Duration.ofMinutes(settings.value(SettingsCatalog.TOKEN_LIFETIME_MINUTES));
    }

    /**
     * A sweep right away, queued when a user disconnects an account so its refresh token is
     * revoked without waiting for the next firing; one pending at a time.
     */
    public static EnqueueRequest afterDisconnect() {
        return TYPE.uniqueRequest(Map.of(), "disconnect");
    }

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public void perform(JobContext context) {
        Instant now = clock.instant();
        List<ConnectedAccount> retired = tx.executeWrite(s -> {
            List<ConnectedAccount> rows = accounts.lockStale(now.minus(lifetime));
            rows.forEach(a -> accounts.retire(a.id(), now));
            rows.forEach(a -> audit.record(null, "account.swept", "connected_account", a.id().toString(),
                    Map.of("unused_minutes", lifetime.toMinutes())));
            return rows;
        });
        for (ConnectedAccount a : retired) {
            events.publish(EventPublisher.userTopic(a.userId()), "reconnect",
                    Map.of("account_id", a.id().toString(), "reason", "unused"));
        }
        int revoked = 0;
        while (!context.cancelRequested() && revokeNext(now)) {
            revoked++;
        }
        int droppedTokens = dropped.processDue(now, context::cancelRequested);
        apiTokens.deleteExpired(now);
        flows.deleteExpired(now);
        LOG.info("credential sweep: {} accounts retired, {} revocations processed, {} dropped refresh tokens revoked",
                retired.size(), revoked, droppedTokens);
    }

    /** Processes one due revocation; false when none is due. */
    private boolean revokeNext(Instant now) {
        return tx.executeWrite(s -> {
            List<ConnectedAccount> due = accounts.lockDueRevocations(now, 1);
            if (due.isEmpty()) {
                return false;
            }
            ConnectedAccount a = due.get(0);
            try {
                if (a.refreshToken() != null) {
                    oauth.revoke(vault.decrypt(a.refreshToken(), TokenColumn.REFRESH_TOKEN, a.id()), "refresh_token");
                }
                accounts.delete(a);
                audit.record(null, "account.revoked", "connected_account", a.id().toString(), Map.of());
            } catch (RuntimeException e) {
                int attempts = a.revokeAttempts() + 1;
                if (attempts >= MAX_REVOKE_ATTEMPTS || e instanceof TamperedCredentialException) {
                    accounts.delete(a);
                    audit.record(null, "account.revocation_abandoned", "connected_account", a.id().toString(),
                            Map.of("attempts", attempts, "error", e.getClass().getSimpleName()));
                } else {
                    long minutes = Math.min(60, 1L << Math.min(6, attempts - 1));
                    accounts.revocationFailed(a.id(), now.plus(Duration.ofMinutes(minutes)));
                    LOG.warn("revocation of account {} failed (attempt {}): {}", a.id(), attempts, e.getMessage());
                }
            }
            return true;
        });
    }
}
