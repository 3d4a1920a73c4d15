package dev.deckhand.web.ui;

import static dev.deckhand.web.CookieJarClient.location;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.web.CookieJarClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 item 8 (reliability-tests row 23), against the real app, Redis and provider: /signin
 * and the OAuth callbacks answer 429 after RATE_LIMIT_LOGIN_PER_MINUTE tries per client IP
 * without locking out other clients; any {@code next} value either works after sign-in or is
 * replaced before the flow starts, never a 500.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthEntryLimitsTest {

    private static final int LIMIT = 3;
    private static final AtomicInteger IPS = new AtomicInteger(10);
    private WebAppUnderTest app;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, @TempDir Path root) {
        Map<String, String> env = new HashMap<>(AdminSignIn.oauthEnv(oauth));
        // The test client connects from loopback, a trusted proxy: X-Forwarded-For names each client.
        env.put("TRUSTED_PROXIES", "127.0.0.1/32,::1/128");
        env.put("RATE_LIMIT_LOGIN_PER_MINUTE", String.valueOf(LIMIT));
        app = WebAppUnderTest.start(pg, redis, root, env);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private CookieJarClient newClient() {
        return new CookieJarClient(app.url(""), "198.51.100." + IPS.incrementAndGet());
    }

    @Test
    void signInIsLimitedPerClientIpWithoutLockingOutOthers() throws Exception {
        CookieJarClient flooder = newClient();
        for (int i = 1; i <= LIMIT; i++) {
            assertThat(flooder.get(app.url("/signin")).statusCode()).as("try %d", i).isEqualTo(303);
        }
        HttpResponse<String> refused = flooder.get(app.url("/signin"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 60));
        assertThat(flooder.get(app.url("/api/auth/signin")).statusCode()).as("same budget for the API").isEqualTo(429);
        assertThat(newClient().get(app.url("/signin")).statusCode()).as("another client").isEqualTo(303);
        assertThat(newClient().get(app.url("/api/auth/signin")).statusCode()).as("another API client").isEqualTo(302);
    }

    @Test
    void callbacksAreLimitedPerClientIp() throws Exception {
        CookieJarClient guesser = newClient();
        for (int i = 1; i <= LIMIT; i++) {
            assertThat(guesser.get(app.url("/oauth/callback?state=guess" + i + "&code=x")).statusCode()).isEqualTo(400);
        }
        assertThat(guesser.get(app.url("/oauth/callback?state=guess&code=x")).statusCode()).isEqualTo(429);
        assertThat(guesser.get(app.url("/api/oauth/callback?state=guess&code=x")).statusCode()).isEqualTo(429);
        assertThat(newClient().get(app.url("/api/oauth/callback?state=guess&code=x")).statusCode()).isEqualTo(400);
    }

    @Test
    void anyNextValueWorksAfterSignInOrIsReplacedBeforeTheFlow() throws Exception {
        List<String> values = List.of("/products/x?tab=plans#top", "/a|b", "/%zz", "/caf\u00e9", "/a;b", "/a\"b", "/a,b",
                "/<script>", "/a b", "//evil.example/", "https://evil.example/", "/" + "x".repeat(600), "");
        for (String next : values) {
            CookieJarClient c = newClient();
            HttpResponse<String> start = c.get(app.url("/signin?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
            assertThat(start.statusCode()).as("GET /signin?next=%s", next).isIn(303, 400);
            if (start.statusCode() == 400) {
                continue;
            }
            String callback = location(c.get(location(start)));
            HttpResponse<String> done = c.get(callback);
            assertThat(done.statusCode()).as("callback after next=%s: %s", next, done.body()).isEqualTo(303);
            String target = location(done);
            URI uri = URI.create(target);
            assertThat(uri.getHost()).as(target).isNull();
            assertThat(target).as(target).startsWith("/").doesNotStartWith("//");
            assertThat(c.get(app.url(target)).statusCode()).as("GET %s", target).isLessThan(500);
        }
    }
}
