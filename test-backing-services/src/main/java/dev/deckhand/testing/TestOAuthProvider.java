package dev.deckhand.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.util.Map;

/**
 * A real OAuth2/OIDC authorization server (mock-oauth2-server: authorization code + PKCE,
 * refresh tokens, RFC 7009 revocation) with an issuer of its own for this test class.
 */
public record TestOAuthProvider(MockOAuth2Server server, String issuerId) {

    /** The issuer URL, for discovery at /.well-known/openid-configuration. */
    public String issuerUrl() {
        return server.issuerUrl(issuerId).toString().replaceAll("/$", "");
    }

    public String tokenUrl() {
        return server.tokenEndpointUrl(issuerId).toString();
    }

    public String authorizationUrl() {
        return server.authorizationEndpointUrl(issuerId).toString();
    }

    public String jwksUrl() {
        return server.jwksUrl(issuerId).toString();
    }

    /** The next code exchange at this issuer signs in provider user {@code subject}. */
    public void nextLoginAs(String subject) {
        nextTokens(subject, Map.of(), 3600);
    }

    /**
     * The next token response of this issuer is for {@code subject}, with {@code claims} added to
     * (or replacing those of) its ID and access tokens, valid for {@code expirySeconds} (negative:
     * already expired). Callbacks queue up in order and are consumed by token requests only.
     */
    public void nextTokens(String subject, Map<String, Object> claims, long expirySeconds) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", null, claims, expirySeconds));
    }

    /** The next userinfo call at this issuer answers 503. */
    public void failNextUserinfo() {
        OAuthProviderExtension.faults().failNextUserinfo(issuerId);
    }

    /** Refresh tokens of this issuer the server still honours (revoked ones are gone). */
    public int liveRefreshTokens() {
        return OAuthProviderExtension.guard().liveRefreshTokens(issuerId);
    }

    public String baseUrl() {
        return server.baseUrl().toString().replaceAll("/$", "");
    }
}
