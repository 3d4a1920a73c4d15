package dev.deckhand.runs;

import dev.deckhand.credentials.AccessGrant;
import dev.deckhand.credentials.AccountCredentials;
import dev.deckhand.credentials.ReconnectRequiredException;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The connected account's access token for one run (a job or a preflight): fetched from
 * {@link AccountCredentials} (row lock, decryption, refresh at the provider when expired) on the
 * first step that needs it, then kept in this object's memory until the run ends, instead of a
 * transaction per step. It is fetched again when it is about to expire, and after
 * {@link #forget()}: the runner calls that when it sees the account is no longer active
 * (disconnected, swept), so the next step that needs the token fails with "reconnect" exactly as
 * before. Never serialised, logged, or written to Redis or disk.
 */
public final class RunAccessToken implements Supplier<String> {

    private final AccountCredentials credentials;
    private final UUID accountId;
    private final Clock clock;
    private AccessGrant grant;
    private boolean used;

    RunAccessToken(AccountCredentials credentials, UUID accountId, Clock clock) {
        this.credentials = credentials;
        this.accountId = accountId;
        this.clock = clock;
    }

    public UUID accountId() {
        return accountId;
    }

    @Override
    public synchronized String get() {
        if (accountId == null) {
            throw new ReconnectRequiredException("the account is no longer connected");
        }
        if (grant == null || !grant.usableAt(clock.instant())) {
            grant = credentials.accessGrant(accountId);
        }
        used = true;
        return grant.token();
    }

    /** Drops the kept token: the account is no longer active, the next get() asks the vault again. */
    public synchronized void forget() {
        grant = null;
    }

    /**
     * End of the run: drops the token and, when a step used it, marks the account used now, so
     * the idle clock of the credential sweep starts at the end of the run, not at its first step.
     */
    public synchronized void release() {
        grant = null;
        if (used && accountId != null) {
            credentials.touch(accountId);
        }
    }
}
