package dev.deckhand.oauth;

import io.micronaut.core.annotation.Nullable;

/**
 * The provider's endpoints: from OIDC discovery, each overridable by an explicit OAUTH_*_URL.
 * {@code jwksUri} is set only when discovery ran (OAUTH_ISSUER_URL): then the provider is treated
 * as OIDC and its ID tokens are verified against those keys.
 */
public record OAuthEndpoints(String issuer, String authorizationUrl, String tokenUrl,
                             @Nullable String revocationUrl, @Nullable String userinfoUrl, @Nullable String jwksUri) {

    public OAuthEndpoints(String issuer, String authorizationUrl, String tokenUrl, @Nullable String revocationUrl,
                          @Nullable String userinfoUrl) {
        this(issuer, authorizationUrl, tokenUrl, revocationUrl, userinfoUrl, null);
    }
}
