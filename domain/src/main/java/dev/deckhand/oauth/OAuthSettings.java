package dev.deckhand.oauth;

import dev.deckhand.config.ResolvedSettings;
import io.micronaut.core.annotation.Nullable;

/** OAUTH_* settings. The client secret is kept out of toString. */
public record OAuthSettings(@Nullable String issuerUrl, @Nullable String authorizationUrl, @Nullable String tokenUrl,
                            @Nullable String revocationUrl, String clientId, @Nullable String clientSecret,
                            String scopes) {

    public static OAuthSettings from(ResolvedSettings s) {
        return new OAuthSettings(s.get("OAUTH_ISSUER_URL").orElse(null), s.get("OAUTH_AUTHORIZATION_URL").orElse(null),
                s.get("OAUTH_TOKEN_URL").orElse(null), s.get("OAUTH_REVOCATION_URL").orElse(null),
                s.getOr("OAUTH_CLIENT_ID", "deckhand"), s.get("OAUTH_CLIENT_SECRET").orElse(null),
                s.getOr("OAUTH_SCOPES", "openid"));
    }

    @Override
    public String toString() {
        return "OAuthSettings[issuerUrl=" + issuerUrl + ", clientId=" + clientId + ", clientSecret=<redacted>]";
    }
}
