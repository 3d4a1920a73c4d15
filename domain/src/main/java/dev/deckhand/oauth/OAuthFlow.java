package dev.deckhand.oauth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * An authorization-code flow in progress; the PKCE verifier is a CredentialVault blob (AAD = id).
 * bindingHash is SHA-256 of the flow cookie given to the client that began it; nonceHash SHA-256
 * of the OIDC nonce (null when the provider is not OIDC).
 */
@MappedEntity("oauth_flows")
public record OAuthFlow(@Id UUID id, byte[] stateHash, byte[] codeVerifier, String purpose, @Nullable UUID userId,
                        String redirectUri, Instant createdAt, Instant expiresAt, byte[] bindingHash,
                        @Nullable byte[] nonceHash) {

    @Override
    public String toString() {
        return "OAuthFlow[id=" + id + ", purpose=" + purpose + ", userId=" + userId + "]";
    }
}
