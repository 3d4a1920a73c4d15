package dev.deckhand.oauth;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/** A token endpoint answer (with the OIDC ID token when there is one). Holds secrets: toString redacts them. */
public record TokenResponse(String accessToken, @Nullable String refreshToken, @Nullable Instant expiresAt,
                            @Nullable String scope, @Nullable String idToken) {

    public TokenResponse(String accessToken, @Nullable String refreshToken, @Nullable Instant expiresAt,
                         @Nullable String scope) {
        this(accessToken, refreshToken, expiresAt, scope, null);
    }

    @Override
    public String toString() {
        return "TokenResponse[accessToken=<redacted>, refreshToken=<redacted>, expiresAt=" + expiresAt
                + ", scope=" + scope + ", idToken=" + (idToken == null ? "null" : "<redacted>") + "]";
    }
}
