package dev.deckhand.credentials;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A refresh token the system no longer holds for any account and that still has to be revoked at
 * the provider. The token is a CredentialVault blob (associated data = id); toString never shows it.
 */
@MappedEntity("refresh_token_revocations")
public record PendingRevocation(@Id UUID id, byte[] refreshToken, String reason, Instant createdAt, int attempts,
                                Instant nextAttemptAt) {

    @Override
    public String toString() {
        return "PendingRevocation[id=" + id + ", reason=" + reason + ", attempts=" + attempts + "]";
    }
}
