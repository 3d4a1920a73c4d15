package dev.deckhand.oauth;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import io.micronaut.core.annotation.Nullable;

/** OAUTH_* settings. The client secret is kept out of toString. */
public record OAuthSettings(@Nullable String issuerUrl, @Nullable String authorizationUrl, @Nullable String tokenUrl,
                            @Nullable String revocationUrl, String clientId, @Nullable String clientSecret,
                            String scopes) {

    public static OAuthSettings from(ResolvedSettings s) {
        return new OAuthSettings(s.find(SettingsCatalog.OAUTH_ISSUER_URL).orElse(null), s.find(SettingsCatalog.OAUTH_AUTHORIZATION_URL).orElse(null),
                s.find(SettingsCatalog.OAUTH_TOKEN_URL).orElse(null), s.find(SettingsCatalog.OAUTH_REVOCATION_URL).orElse(null),
                s.value(SettingsCatalog.OAUTH_CLIENT_ID), s.find(SettingsCatalog.OAUTH_CLIENT_SECRET).orElse(null),
                s.value(SettingsCatalog.OAUTH_SCOPES));
    }

    @Override
    public String toString() {
        return "OAuthSettings[issuerUrl=" + issuerUrl + ", clientId=" + clientId + ", clientSecret=<redacted>]";
    }
}
