package dev.deckhand.oauth;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue #13 item 1, OIDC part, against the real provider: the authorization request carries a
 * nonce; an ID token with a wrong nonce, audience or issuer, or an expired one, is refused (400,
 * nothing stored, the refresh token just obtained revoked); a discovery document whose issuer is
 * not OAUTH_ISSUER_URL is refused.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class OidcChecksTest {

    static ApplicationContext ctx;
    static TestOAuthProvider provider;
    static TestPostgres db;
    static TestRedis cache;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        provider = oauth;
        db = pg;
        cache = redis;
        ctx = DomainContext.start(DomainContext.env(pg, redis, oauth), new MutableClock());
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    @Test
    void theAuthorizationRequestCarriesANonce() {
        String url = ctx.getBean(OAuthFlows.class).begin(OAuthFlows.SIGNIN, null, "http://localhost/cb").authorizationUrl();
        assertThat(OAuthBrowser.query(URI.create(url)).get("nonce")).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        refused(Map.of("nonce", "an-attacker-chosen-nonce"), 3600, "nonce");
    }

    @Test
    void anIdTokenForAnotherClientIsRefused() throws Exception {
        refused(Map.of("aud", List.of("some-other-client")), 3600, "audience");
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() throws Exception {
        refused(Map.of("iss", "http://issuer.attacker.example/"), 3600, "issuer");
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        refused(Map.of(), -600, "expired");
    }

    @Test
    void aValidIdTokenSignsIn() throws Exception {
        String subject = "oidc-ok-" + UUID.randomUUID();
        provider.nextLoginAs(subject);
        assertThat(OAuthBrowser.signIn(ctx).user().subject()).isEqualTo(subject);
    }

    private void refused(Map<String, Object> claims, long expirySeconds, String reason) throws Exception {
        String subject = "oidc-" + reason + "-" + UUID.randomUUID();
        int live = provider.liveRefreshTokens();
        provider.nextTokens(subject, claims, expirySeconds);
        assertThatThrownBy(() -> OAuthBrowser.signIn(ctx)).isInstanceOf(InvalidFlowException.class)
                .hasMessageContaining("ID token").hasMessageContaining(reason);
        assertThat(usersWithSubject(subject)).as("nothing stored").isZero();
        assertThat(provider.liveRefreshTokens()).as("the refresh token obtained was revoked").isEqualTo(live);
    }

    static int usersWithSubject(String subject) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT (SELECT count(*) FROM users WHERE subject = ?) + (SELECT count(*) FROM connected_accounts WHERE subject = ?)")) {
            s.setString(1, subject);
            s.setString(2, subject);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A discovery document (served as an attacker or a misconfiguration would) naming another issuer. */
    @Test
    void aDiscoveryDocumentForAnotherIssuerIsRefused() throws Exception {
        String real = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(provider.issuerUrl() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String forged = real.replaceFirst("\"issuer\"\\s*:\\s*\"[^\"]*\"", "\"issuer\":\"http://issuer.attacker.example\"");
        assertThat(forged).isNotEqualTo(real);
        HttpServer server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = forged.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Map<String, String> env = new HashMap<>(DomainContext.env(db, cache, provider));
        env.put("OAUTH_ISSUER_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/issuer");
        try (ApplicationContext other = DomainContext.start(env, new MutableClock())) {
            assertThatThrownBy(() -> other.getBean(OAuthFlows.class).begin(OAuthFlows.SIGNIN, null, "http://localhost/cb"))
                    .isInstanceOf(OAuthException.class).hasMessageContaining("issuer");
        } finally {
            server.stop(0);
        }
    }
}
