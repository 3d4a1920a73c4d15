package dev.deckhand.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;

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

    public String baseUrl() {
        return server.baseUrl().toString().replaceAll("/$", "");
    }
}
