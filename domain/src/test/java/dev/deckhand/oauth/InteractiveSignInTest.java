package dev.deckhand.oauth;

import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack's provider (mock-oauth2-server with interactive login, as LocalStack starts it)
 * asks for a user name: signing in twice as the same name is the same Deckhand user (users are
 * keyed by issuer and subject), a name or address from the provider's claims is stored for the
 * header, and the local layer's DECKHAND_ADMINS=admin makes {@code admin} an administrator.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class InteractiveSignInTest {

    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static MockOAuth2Server provider;
    static ApplicationContext ctx;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis) {
        provider = new MockOAuth2Server(new OAuth2Config(true));
        provider.start(java.net.InetAddress.getLoopbackAddress(), FreePorts.next());
        Map<String, String> env = DomainContext.env(pg, redis, null);
        env.put("OAUTH_ISSUER_URL", provider.issuerUrl("local").toString().replaceAll("/$", ""));
        env.put("OAUTH_CLIENT_ID", "deckhand-local");
        env.put("OAUTH_CLIENT_SECRET", "deckhand-local-secret");
        env.put("DECKHAND_ADMINS", "admin");
        ctx = DomainContext.start(env, new MutableClock());
    }

    @AfterAll
    static void stop() {
        ctx.close();
        provider.shutdown();
    }

    /** A browser at the provider: the form is shown, the person types a user name (and optional claims). */
    static User signInAs(String username, String claimsJson) throws Exception {
        OAuthFlows flows = ctx.getBean(OAuthFlows.class);
        OAuthFlows.Started started = flows.begin(OAuthFlows.SIGNIN, null, "http://localhost/cb");
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create(started.authorizationUrl())).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"username\"");
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&claims=" + URLEncoder.encode(claimsJson, StandardCharsets.UTF_8);
        HttpResponse<String> back = HTTP.send(HttpRequest.newBuilder(URI.create(started.authorizationUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> q = OAuthBrowser.query(URI.create(back.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("provider did not redirect: " + back.statusCode()))));
        OAuthFlows.Result r = flows.complete(q.get("state"), q.get("code"), started.browserBinding(), null);
        return ctx.getBean(UserRepository.class).findById(r.user().id()).orElseThrow();
    }

    @Test
    void signingInTwiceAsAliceIsTheSameUserAndHerNameIsStored() throws Exception {
        User first = signInAs("alice", "");
        User second = signInAs("alice", "{\"name\": \"Alice Liddell\", \"email\": \"alice@example.test\"}");
        User bob = signInAs("bob", "");

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(first.subject()).isEqualTo("alice");
        assertThat(second.name()).isEqualTo("Alice Liddell");
        assertThat(second.email()).isEqualTo("alice@example.test");
        assertThat(bob.id()).isNotEqualTo(first.id());
        assertThat(first.isAdmin()).isFalse();
    }

    @Test
    void theLocalUserAdminIsAnAdministrator() throws Exception {
        assertThat(signInAs("admin", "").isAdmin()).isTrue();
    }
}
