package dev.deckhand.credentials;

import java.time.Instant;

/**
 * A usable access token and when it stops being usable ({@code expiresAt} null: the provider gave
 * no expiry). Lives only in memory; toString redacts, so a stray log line never carries it.
 */
public record AccessGrant(String token, Instant expiresAt) {

    /** A token this close to its expiry counts as expired: a call started now must not outlive it. */
    static final long EXPIRY_MARGIN_SECONDS = 30;

    public boolean usableAt(Instant now) {
        return !expiredAt(expiresAt, now);
    }

    /** The one expiry rule for access tokens (null expiry: never expires). */
    static boolean expiredAt(Instant expiresAt, Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt.minusSeconds(EXPIRY_MARGIN_SECONDS));
    }

    @Override
    public String toString() {
        return "AccessGrant[token=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
