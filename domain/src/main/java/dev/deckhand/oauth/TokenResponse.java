package dev.deckhand.oauth;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/** A token endpoint answer. Holds secrets: toString redacts them. */
public record TokenResponse(String accessToken, @Nullable String refreshToken, @Nullable Instant expiresAt,
                            @Nullable String scope) {

    @Override
    public String toString() {
        return "TokenResponse[accessToken=<redacted>, refreshToken=<redacted>, expiresAt=" + expiresAt
                + ", scope=" + scope + "]";
    }
}
