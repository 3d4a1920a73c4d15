package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ALLOWED_HOSTS, hardening headers, cookies and problem+json errors on the real web app. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostHeadersAndErrorsTest {

    private static final String BAD_HOST = "evil-attacker.invalid";
    private WebTestApp app;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        app = WebTestApp.start(pg, redis, root, Map.of("ALLOWED_HOSTS", "localhost,127.0.0.1,.example.org",
                "MAX_REQUEST_BODY_BYTES", "4096"));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aHostNotInAllowedHostsGets400AndIsNeverReflected() throws Exception {
        RawHttp.Response r = app.get("/api/whoami", "Host: " + BAD_HOST);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("\"status\":400").doesNotContain(BAD_HOST);
        assertThat(r.headerText()).doesNotContain(BAD_HOST);
        assertThat(app.get("/api/whoami", "Host: badexample.org").status()).isEqualTo(400);
        assertThat(app.get("/api/whoami", "Host: local host").status()).isEqualTo(400);
        // An untrusted peer cannot smuggle an allowed host past validation, nor a bad one in.
        assertThat(app.get("/api/whoami", "Host: " + BAD_HOST, "X-Forwarded-Host: localhost").status()).isEqualTo(400);
    }

    @Test
    void allowedHostsWithPortsAndDomainWildcards() throws Exception {
        assertThat(app.get("/api/whoami", "Host: localhost:8000").status()).isEqualTo(200);
        assertThat(app.get("/api/whoami", "Host: 127.0.0.1").status()).isEqualTo(200);
        assertThat(app.get("/api/whoami", "Host: app.example.org").status()).isEqualTo(200);
        assertThat(app.get("/api/whoami", "Host: example.org:443").status()).isEqualTo(200);
    }

    @Test
    void healthIsExemptFromHostValidation() throws Exception {
        assertThat(app.get("/health", "Host: 10.1.2.3:8000").status()).isEqualTo(200);
        assertThat(app.get("/health/readiness", "Host: " + BAD_HOST).status()).isEqualTo(200);
    }

    @Test
    void hardeningHeadersOnSuccessAndErrorResponses() throws Exception {
        for (RawHttp.Response r : new RawHttp.Response[] {app.get("/api/whoami"), app.get("/nope"),
                app.get("/api/whoami", "Host: " + BAD_HOST)}) {
            assertThat(r.header("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.header("X-Frame-Options")).hasValue("DENY");
            assertThat(r.header("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("frame-ancestors 'none'"));
            assertThat(r.header("Referrer-Policy")).hasValue("same-origin");
            assertThat(r.header("Cross-Origin-Opener-Policy")).hasValue("same-origin");
            assertThat(r.header("X-Request-Id")).isPresent();
        }
    }

    @Test
    void unknownRoutesAre404ProblemJson() throws Exception {
        RawHttp.Response r = app.get("/no/such/route");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("\"title\":\"Not Found\"").contains("\"request_id\":");
    }

    @Test
    void malformedJsonIs400WithoutInternals() throws Exception {
        RawHttp.Response r = app.send("POST", "/api/echo", "{\"a\": [1, 2,, }", "Content-Type: application/json",
                "Authorization: Bearer test-token");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("malformed").doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("jackson").doesNotContain("[1, 2");
    }

    @Test
    void oversizedBodyIs413ProblemJson() throws Exception {
        String big = "{\"a\":\"" + "x".repeat(10_000) + "\"}";
        RawHttp.Response r = app.send("POST", "/api/echo", big, "Content-Type: application/json",
                "Authorization: Bearer test-token");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("4096");
        assertThat(app.send("POST", "/api/echo", "{\"a\":1}", "Content-Type: application/json",
                "Authorization: Bearer test-token").status()).isEqualTo(200);
    }

    @Test
    void unhandledExceptionsNeverLeakMessagesOrStackTraces() throws Exception {
        RawHttp.Response r = app.get("/api/boom");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).doesNotContain("internal-detail-that-must-not-leak").doesNotContain("IllegalState")
                .doesNotContain("\tat ").contains("request_id");
    }

    @Test
    void everySetCookieIsHostPrefixedSecureHttpOnlyAndSameSite() throws Exception {
        RawHttp.Response r = app.get("/api/csrf-token");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.all("Set-Cookie")).isNotEmpty().allSatisfy(c -> assertThat(c)
                .startsWith("__Host-").containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly")
                .containsIgnoringCase("SameSite=").contains("Path=/").doesNotContainIgnoringCase("Domain="));
        // The safety net hardens a cookie set carelessly with Cookie.of(...).
        RawHttp.Response careless = app.get("/api/careless-cookie");
        assertThat(careless.all("Set-Cookie")).hasSize(1).allSatisfy(c -> assertThat(c)
                .containsIgnoringCase("; Secure").containsIgnoringCase("; HttpOnly").containsIgnoringCase("SameSite="));
    }
}
