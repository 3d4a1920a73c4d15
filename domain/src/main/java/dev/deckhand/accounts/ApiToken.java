package dev.deckhand.accounts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.AutoPopulated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A session or API token, stored as the SHA-256 of its value only. */
@MappedEntity("api_tokens")
public record ApiToken(@Id @AutoPopulated @Nullable UUID id, UUID userId, byte[] tokenHash, String kind,
                       Instant createdAt, Instant expiresAt, @Nullable Instant lastUsedAt) {

    @Override
    public String toString() {
        return "ApiToken[id=" + id + ", userId=" + userId + ", kind=" + kind + ", expiresAt=" + expiresAt + "]";
    }
}
