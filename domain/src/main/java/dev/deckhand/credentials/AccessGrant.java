package dev.deckhand.credentials;

import java.time.Instant;

/**
 * A usable access token and when it stops being usable ({@code expiresAt} null: the provider gave
 * no expiry). Lives only in memory; toString redacts, so a stray log line never carries it.
 */
public record AccessGrant(String token, Instant expiresAt) {

    /** Same 30-second margin as {@link AccountTokens#expiredAt}: a call started now must not outlive the token. */
    public boolean usableAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt.minusSeconds(30));
    }

    @Override
    public String toString() {
        return "AccessGrant[token=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
