package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits in Redis keyed by the true client IP, and the staging basic-auth wall. The peer is
 * untrusted (TRUSTED_PROXIES is an unrelated range), so forwarding headers must not matter.
 * Auth-wall checks use /probe paths, which are outside the /api rate limit.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitAndAuthWallTest {

    private static final int API_LIMIT = 5;
    private static final int LOGIN_LIMIT = 3;
    private static final String CREDENTIALS = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("stage:correct horse battery".getBytes(StandardCharsets.UTF_8));
    private WebTestApp app;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        app = WebTestApp.start(pg, redis, root, Map.of("TRUSTED_PROXIES", "10.9.9.0/24",
                "RATE_LIMIT_API_PER_MINUTE", String.valueOf(API_LIMIT),
                "RATE_LIMIT_LOGIN_PER_MINUTE", String.valueOf(LOGIN_LIMIT),
                "AUTH_WALL_USERNAME", "stage", "AUTH_WALL_PASSWORD", "correct horse battery",
                "AUTH_WALL_REALM", "Deckhand staging"));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void rotatingSpoofedForwardedForStillHitsTheApiLimit() throws Exception {
        for (int i = 1; i <= API_LIMIT; i++) {
            assertThat(app.get("/api/whoami", CREDENTIALS, "X-Forwarded-For: 198.51.100." + i).status())
                    .as("request %d", i).isEqualTo(200);
        }
        RawHttp.Response r = app.get("/api/whoami", CREDENTIALS, "X-Forwarded-For: 198.51.100.99",
                "Forwarded: for=203.0.113.99");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        assertThat(r.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
        // Paths outside /api are not counted.
        assertThat(app.get("/probe/whoami", CREDENTIALS).status()).isEqualTo(200);
    }

    @Test
    void loginAttemptsAreLimitedPerIp() throws Exception {
        for (int i = 1; i <= LOGIN_LIMIT; i++) {
            assertThat(app.send("POST", "/probe/login?account=ann", "", CREDENTIALS).status()).isEqualTo(200);
        }
        RawHttp.Response r = app.send("POST", "/probe/login?account=ANN", "", CREDENTIALS);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isPresent();
    }

    @Test
    void theAuthWallAsksForCredentials() throws Exception {
        RawHttp.Response r = app.get("/probe/whoami");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).hasValue("Basic realm=\"Deckhand staging\", charset=\"UTF-8\"");
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        String wrong = "Authorization: Basic " + Base64.getEncoder().encodeToString("stage:wrong".getBytes());
        assertThat(app.get("/probe/whoami", wrong).status()).isEqualTo(401);
        assertThat(app.get("/probe/whoami", "Authorization: Bearer x").status()).isEqualTo(401);
        assertThat(app.get("/probe/whoami", CREDENTIALS).status()).isEqualTo(200);
    }

    @Test
    void healthAndMetricsAreExemptFromTheAuthWall() throws Exception {
        assertThat(app.get("/health").status()).isEqualTo(200);
        assertThat(app.get("/health/readiness").status()).isEqualTo(200);
        assertThat(app.get("/prometheus").status()).isEqualTo(200);
        assertThat(app.get("/health/../probe/whoami").status()).isEqualTo(401);
    }
}
