package dev.deckhand.oauth;

import io.micronaut.core.annotation.Nullable;

/** The provider's endpoints: from OIDC discovery, each overridable by an explicit OAUTH_*_URL. */
public record OAuthEndpoints(String issuer, String authorizationUrl, String tokenUrl,
                             @Nullable String revocationUrl, @Nullable String userinfoUrl) {
}
