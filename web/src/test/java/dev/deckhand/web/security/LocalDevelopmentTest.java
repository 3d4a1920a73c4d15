package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.http.server.util.HttpHostResolver;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DECKHAND_ENV=local with DEBUG: the only place where cookies may lack Secure (plain HTTP) and
 * where 500s may show the exception. Also WebSocket Origin checks and the trusted host resolver.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalDevelopmentTest {

    private WebTestApp app;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        app = WebTestApp.start(pg, redis, root, Map.of("DECKHAND_ENV", "local", "DEBUG", "true",
                "TRUSTED_PROXIES", "127.0.0.1/32", "LOG_FORMAT", "json",
                "OAUTH_AUTHORIZATION_URL", "https://id.example.net:8443/oauth2/authorize"));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void plainHttpInLocalGetsAnUnprefixedInsecureCookieButHttpsStillGetsTheSecureOne() throws Exception {
        String plain = app.get("/api/csrf-token").header("Set-Cookie").orElseThrow();
        assertThat(plain).startsWith("csrf=").doesNotContainIgnoringCase("Secure").containsIgnoringCase("HttpOnly");
        String https = app.get("/api/csrf-token", "X-Forwarded-Proto: https").header("Set-Cookie").orElseThrow();
        assertThat(https).startsWith("__Host-csrf=").containsIgnoringCase("; Secure");
    }

    @Test
    void htmlGetsAStrictCspThatLetsFormsReachOnlyUsAndTheOAuthProvider() throws Exception {
        RawHttp.Response r = app.get("/probe/page");
        assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'").contains("script-src 'self';").doesNotContain("unsafe-inline")
                .contains("frame-ancestors 'none'").contains("form-action 'self' https://id.example.net:8443;"));
        assertThat(app.get("/api/whoami").header("Content-Security-Policy")).hasValue(SecurityHeadersFilter.NON_HTML_CSP);
    }

    @Test
    void debugInLocalShowsTheExceptionOf500s() throws Exception {
        RawHttp.Response r = app.get("/api/boom");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).contains("internal-detail-that-must-not-leak").contains("stack_trace");
    }

    @Test
    void webSocketUpgradesNeedAnAllowedOrigin() throws Exception {
        String[] upgrade = {"Upgrade: websocket", "Connection: Upgrade"};
        assertThat(app.get("/api/whoami", upgrade[0], "Origin: https://evil.invalid").status()).isEqualTo(403);
        assertThat(app.get("/api/whoami", upgrade[0]).status()).isEqualTo(403);
        assertThat(app.get("/api/whoami", upgrade[0], "Origin: http://localhost:8000").status()).isNotEqualTo(403);
    }

    @Test
    void absoluteUrlsUseTheHostAndSchemeThatTheTrustedProxyReports() throws Exception {
        assertThat(app.context.getBean(HttpHostResolver.class)).isInstanceOf(TrustedHostResolver.class);
        assertThat(app.get("/api/base-url", "Host: 127.0.0.1:9999", "X-Forwarded-Proto: https",
                "X-Forwarded-Host: localhost", "X-Forwarded-Port: 8443").body()).contains("\"base\":\"https://localhost:8443\"");
        assertThat(app.get("/api/base-url", "Host: localhost:8000").body()).contains("\"base\":\"http://localhost:8000\"");
    }
}
