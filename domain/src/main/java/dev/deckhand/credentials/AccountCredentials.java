package dev.deckhand.credentials;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.oauth.OAuthClient;
import dev.deckhand.oauth.OAuthException;
import dev.deckhand.oauth.TokenResponse;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The only way in and out of an account's tokens. Tokens are encrypted before they reach a
 * repository and decrypted only for the caller that needs them now; every use refreshes
 * last_used_at, which is what the sweep measures.
 */
@Singleton
public class AccountCredentials {

    private final ConnectedAccountRepository accounts;
    private final CredentialVault vault;
    private final OAuthClient oauth;
    private final RefreshTokenRevocations revocations;
    private final Clock clock;

    public AccountCredentials(ConnectedAccountRepository accounts, CredentialVault vault, OAuthClient oauth,
                              RefreshTokenRevocations revocations, Clock clock) {
        this.accounts = accounts;
        this.vault = vault;
        this.oauth = oauth;
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * Stores fresh tokens for (user, issuer, subject): replaces those of the active connection, or
     * creates one. The active row is locked first (SELECT ... FOR UPDATE, WHERE state = 'active'),
     * so a sweep that retires it concurrently either waits for this store or wins, and then this
     * store creates a new row instead of reviving the one being revoked. The refresh token a
     * replacement drops is queued for revocation in the same transaction.
     */
    @Transactional
    public ConnectedAccount store(UUID userId, String issuer, String subject, String username, TokenResponse tokens) {
        Instant now = clock.instant();
        var existing = accounts.findActiveForUpdate(userId, issuer, subject);
        existing.ifPresent(a -> dropReplacedRefreshToken(a, tokens.refreshToken(), "replaced"));
        UUID id = existing.map(ConnectedAccount::id).orElseGet(UUID::randomUUID);
        byte[] refresh = tokens.refreshToken() != null
                ? vault.encrypt(tokens.refreshToken(), TokenColumn.REFRESH_TOKEN, id)
                : existing.map(ConnectedAccount::refreshToken).orElse(null);
        ConnectedAccount row = new ConnectedAccount(id, userId, issuer, subject, username, tokens.scope(),
                vault.encrypt(tokens.accessToken(), TokenColumn.ACCESS_TOKEN, id), refresh, tokens.expiresAt(),
                ConnectedAccount.ACTIVE,
                existing.map(ConnectedAccount::createdAt).orElse(now), now, 0, null);
        return existing.isPresent() ? accounts.update(row) : accounts.save(row);
    }

    /**
     * A valid access token for the account, refreshed first when expired (under a row lock so
     * concurrent steps do not both spend a rotating refresh token). Marks the account used.
     *
     * @throws ReconnectRequiredException when the account was swept, the provider refused the
     *                                     refresh, or its stored tokens cannot be read
     */
    @Transactional
    public String accessToken(UUID accountId) {
        return accessGrant(accountId).token();
    }

    /**
     * {@link #accessToken} with the token's expiry, for a caller that keeps the token in memory
     * for the length of one run (see dev.deckhand.runs.RunAccessToken).
     */
    @Transactional
    public AccessGrant accessGrant(UUID accountId) {
        ConnectedAccount a = accounts.findByIdForUpdate(accountId)
                .filter(ConnectedAccount::active)
                .orElseThrow(() -> new ReconnectRequiredException("account is not connected"));
        Instant now = clock.instant();
        AccountTokens tokens = readableTokens(a);
        if (tokens.accessToken() == null || tokens.expiredAt(now)) {
            if (tokens.refreshToken() == null) {
                throw new ReconnectRequiredException("access token expired and there is no refresh token");
            }
            TokenResponse fresh;
            try {
                fresh = oauth.refresh(tokens.refreshToken());
            } catch (OAuthException e) {
                if (e.invalidGrant() || e.status() == 400 || e.status() == 401) {
                    throw new ReconnectRequiredException("the provider refused to refresh the token");
                }
                throw e;
            }
            dropReplacedRefreshToken(a, fresh.refreshToken(), "rotated");
            byte[] refresh = fresh.refreshToken() != null
                    ? vault.encrypt(fresh.refreshToken(), TokenColumn.REFRESH_TOKEN, a.id()) : a.refreshToken();
            accounts.update(new ConnectedAccount(a.id(), a.userId(), a.issuer(), a.subject(), a.username(),
                    fresh.scope() != null ? fresh.scope() : a.scopes(),
                    vault.encrypt(fresh.accessToken(), TokenColumn.ACCESS_TOKEN, a.id()),
                    refresh, fresh.expiresAt(), a.state(), a.createdAt(), now, 0, null));
            return new AccessGrant(fresh.accessToken(), fresh.expiresAt());
        }
        accounts.touch(a.id(), now);
        return new AccessGrant(tokens.accessToken(), tokens.expiresAt());
    }

    /**
     * The user disconnects an account: it becomes unusable at once (access token erased) and its
     * refresh token waits for revocation by the next {@link CredentialSweeper} run, exactly like
     * an expired one. False when the account is not the user's or not active.
     */
    @Transactional
    public boolean disconnect(UUID userId, UUID accountId) {
        return accounts.findByIdForUpdate(accountId)
                .filter(a -> a.userId().equals(userId) && a.active())
                .map(a -> accounts.retire(a.id(), clock.instant()) == 1)
                .orElse(false);
    }

    /** Marks the account used without decrypting anything (a run that holds it). */
    public void touch(UUID accountId) {
        accounts.touch(accountId, clock.instant());
    }

    /** Queues the account's refresh token for revocation when {@code replacement} is a different one. */
    private void dropReplacedRefreshToken(ConnectedAccount a, String replacement, String reason) {
        if (replacement == null || a.refreshToken() == null) {
            return;
        }
        String old;
        try {
            old = vault.decrypt(a.refreshToken(), TokenColumn.REFRESH_TOKEN, a.id());
        } catch (TamperedCredentialException e) {
            return; // unreadable: it cannot be revoked, and the provider would not know it either
        }
        if (!replacement.equals(old)) {
            revocations.queue(old, reason);
        }
    }

    AccountTokens tokens(ConnectedAccount a) {
        return new AccountTokens(vault.decrypt(a.accessToken(), TokenColumn.ACCESS_TOKEN, a.id()),
                vault.decrypt(a.refreshToken(), TokenColumn.REFRESH_TOKEN, a.id()), a.expiresAt());
    }

    /**
     * {@link #tokens}, where a row that cannot be read (its key is no longer in DB_ENCRYPTION_KEY,
     * or a blob was altered or moved) means the user must connect the account again, exactly
     * like a refresh token the provider refused. The row is left as it is: a key left out by
     * mistake can be put back, and a reconnect overwrites it.
     */
    private AccountTokens readableTokens(ConnectedAccount a) {
        try {
            return tokens(a);
        } catch (TamperedCredentialException e) {
            throw new ReconnectRequiredException("the account's stored credentials cannot be read (" + e.getMessage()
                    + "): reconnect the account");
        }
    }
}
