package dev.deckhand.credentials;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.audit.AuditLog;
import dev.deckhand.events.EventPublisher;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Key rotation's middle step, the entry point for the {@code credentials.reencrypt} job (and for a
 * command line): every connected account's token blobs that are not under the first key of
 * DB_ENCRYPTION_KEY, or still in the old row-bound format, are decrypted and encrypted again
 * under it, bound to their column. One row per transaction, under the same row lock that a token
 * refresh takes, so a concurrent refresh is never overwritten with older tokens.
 *
 * <p>A row no configured key decrypts is left untouched (a key left out of DB_ENCRYPTION_KEY by
 * mistake can still be put back) and reported; its user gets a {@code reconnect} event, and any
 * run on it asks the user to reconnect (AccountCredentials turns the failure into
 * ReconnectRequiredException). Idempotent: a second pass rewrites nothing.
 */
@Singleton
public class CredentialRotation {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialRotation.class);
    private static final int PAGE = 200;

    private final CredentialRotationRepository rows;
    private final ConnectedAccountRepository accounts;
    private final CredentialVault vault;
    private final EventPublisher events;
    private final AuditLog audit;
    private final TransactionOperations<Connection> tx;

    public CredentialRotation(CredentialRotationRepository rows, ConnectedAccountRepository accounts,
                              CredentialVault vault, EventPublisher events, AuditLog audit,
                              TransactionOperations<Connection> tx) {
        this.rows = rows;
        this.accounts = accounts;
        this.vault = vault;
        this.events = events;
        this.audit = audit;
        this.tx = tx;
    }

    private enum Outcome { REWRITTEN, CURRENT, UNREADABLE, GONE }

    public RotationResult reencryptAll() {
        return reencryptAll(() -> false);
    }

    /** @param stop checked between rows (a worker shutting down); the next pass picks up the rest */
    public RotationResult reencryptAll(BooleanSupplier stop) {
        int rewritten = 0;
        int current = 0;
        List<UUID> unreadable = new ArrayList<>();
        UUID after = new UUID(0, 0);
        List<UUID> page;
        while (!stop.getAsBoolean() && !(page = rows.idsAfter(after, PAGE)).isEmpty()) {
            for (UUID id : page) {
                if (stop.getAsBoolean()) {
                    break;
                }
                Outcome outcome = tx.executeWrite(s -> reencrypt(id));
                switch (outcome) {
                    case REWRITTEN -> rewritten++;
                    case CURRENT -> current++;
                    case UNREADABLE -> unreadable.add(id);
                    case GONE -> { }
                }
                after = id;
            }
        }
        for (UUID id : unreadable) {
            accounts.findById(id).filter(ConnectedAccount::active).ifPresent(a -> events.publish(
                    EventPublisher.userTopic(a.userId()), "reconnect",
                    Map.of("account_id", a.id().toString(), "reason", "unreadable")));
        }
        RotationResult result = new RotationResult(rewritten, current, unreadable.size(), unreadable);
        if (rewritten > 0 || !unreadable.isEmpty()) {
            audit.record(null, "credentials.reencrypted", "connected_accounts", null,
                    Map.of("rewritten", rewritten, "current", current, "unreadable", unreadable.size()));
        }
        if (unreadable.isEmpty()) {
            LOG.info("credential re-encryption: {} rows rewritten, {} already current", rewritten, current);
        } else {
            LOG.warn("credential re-encryption: {} rows rewritten, {} already current, {} rows no configured key "
                    + "decrypts (their users must reconnect; keep the old key if it still exists): {}",
                    rewritten, current, unreadable.size(), unreadable);
        }
        return result;
    }

    private Outcome reencrypt(UUID id) {
        ConnectedAccount a = accounts.findByIdForUpdate(id).orElse(null);
        if (a == null) {
            return Outcome.GONE;
        }
        if (!vault.needsRotation(a.accessToken()) && !vault.needsRotation(a.refreshToken())) {
            return Outcome.CURRENT;
        }
        try {
            byte[] access = rewrap(a.accessToken(), TokenColumn.ACCESS_TOKEN, id);
            byte[] refresh = rewrap(a.refreshToken(), TokenColumn.REFRESH_TOKEN, id);
            rows.replaceTokens(id, access, refresh);
            return Outcome.REWRITTEN;
        } catch (TamperedCredentialException e) {
            return Outcome.UNREADABLE;
        }
    }

    private byte[] rewrap(byte[] blob, TokenColumn column, UUID id) {
        return vault.needsRotation(blob) ? vault.reencrypt(blob, column, id) : blob;
    }
}
