package dev.deckhand.oauth;

import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.TestOAuthProvider;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #13 item 1: ID-token signatures are checked against the real provider's JWKS. A token
 * whose signature was altered, or one signed by another issuer's key, is refused; an intact one
 * passes (so the refusals are about the signature, not the claims).
 */
@ExtendWith(OAuthProviderExtension.class)
class IdTokenVerifierTest {

    static final String CLIENT = "deckhand-test";

    static String token(MockOAuth2Server server, String issuerId, String nonce) {
        return server.issueToken(issuerId, "idtoken-user", CLIENT, Map.of("nonce", nonce), 3600).serialize();
    }

    static OAuthEndpoints endpoints(TestOAuthProvider p) {
        return new OAuthEndpoints(p.issuerUrl(), p.authorizationUrl(), p.tokenUrl(), null, null, p.jwksUrl());
    }

    @Test
    void anIntactTokenPasses(TestOAuthProvider provider) {
        String t = token(provider.server(), provider.issuerId(), "n-1");
        assertThat(new IdTokenVerifier().verify(t, endpoints(provider), CLIENT, Pkce.sha256("n-1")).getSubject())
                .isEqualTo("idtoken-user");
    }

    @Test
    void anAlteredSignatureIsRefused(TestOAuthProvider provider) {
        String t = token(provider.server(), provider.issuerId(), "n-2");
        String sig = t.substring(t.lastIndexOf('.') + 1);
        String flipped = (sig.charAt(5) == 'A' ? 'B' : 'A') + "";
        String forged = t.substring(0, t.lastIndexOf('.') + 1) + sig.substring(0, 5) + flipped + sig.substring(6);
        assertThatThrownBy(() -> new IdTokenVerifier().verify(forged, endpoints(provider), CLIENT, Pkce.sha256("n-2")))
                .isInstanceOf(InvalidFlowException.class).hasMessageContaining("signature");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused(TestOAuthProvider provider) {
        // Same claims (issuer URL of ours), but signed by another issuer's key on the same server.
        String other = provider.server().anyToken(provider.server().issuerUrl("another-issuer"), Map.of(
                "iss", provider.issuerUrl(), "sub", "idtoken-user", "aud", CLIENT, "nonce", "n-3")).serialize();
        assertThatThrownBy(() -> new IdTokenVerifier().verify(other, endpoints(provider), CLIENT, Pkce.sha256("n-3")))
                .isInstanceOf(InvalidFlowException.class).hasMessageContaining("signature");
    }
}
