package dev.deckhand.accounts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's connection to the provider's API. The token fields are CredentialVault blobs (the
 * row id is their associated data); toString never shows them.
 */
@MappedEntity("connected_accounts")
public record ConnectedAccount(@Id UUID id, UUID userId, String issuer, String subject, @Nullable String username,
                               @Nullable String scopes, @Nullable byte[] accessToken, @Nullable byte[] refreshToken,
                               @Nullable Instant expiresAt, String state, Instant createdAt, Instant lastUsedAt,
                               int revokeAttempts, @Nullable Instant nextRevokeAt) {

    public static final String ACTIVE = "active";
    public static final String REVOKING = "revoking";

    public boolean active() {
        return ACTIVE.equals(state);
    }

    @Override
    public String toString() {
        return "ConnectedAccount[id=" + id + ", userId=" + userId + ", subject=" + subject + ", state=" + state
                + ", tokens=<redacted>, lastUsedAt=" + lastUsedAt + "]";
    }
}
