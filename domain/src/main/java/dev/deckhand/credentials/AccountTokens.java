package dev.deckhand.credentials;

import java.time.Instant;

/**
 * Decrypted tokens of a connected account, alive only in memory while a request or step needs
 * them. toString redacts: a stray log line or exception message never carries a token.
 */
public record AccountTokens(String accessToken, String refreshToken, Instant expiresAt) {

    public boolean expiredAt(Instant now) {
        return AccessGrant.expiredAt(expiresAt, now);
    }

    @Override
    public String toString() {
        return "AccountTokens[accessToken=<redacted>, refreshToken=" + (refreshToken == null ? "null" : "<redacted>")
                + ", expiresAt=" + expiresAt + "]";
    }
}
