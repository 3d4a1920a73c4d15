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

/**
 * Issue 14 item 8: a browser (Accept: text/html, a path outside /api) gets error pages in the
 * site's layout, from framework errors, controllers and security filters alike; API clients and
 * /api paths keep problem+json. The 500 page shows the request id and never the exception.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserErrorPagesTest {

    static final String BROWSER = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private WebTestApp app;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        app = WebTestApp.start(pg, redis, root, Map.of("ADMIN_API_ALLOWED_SUBNETS", "10.0.0.0/8",
                "ALLOWED_HOSTS", "localhost"));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static void assertHtmlPage(RawHttp.Response r, int status, String heading) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(r.body()).startsWith("<!doctype html>").contains("<h1>" + heading + "</h1>")
                .contains("rel=\"stylesheet\"").contains("class=\"topbar\"");
        // The HTML CSP (stylesheets from self), not the locked-down one for JSON.
        assertThat(r.header("Content-Security-Policy")).hasValueSatisfying(c -> assertThat(c).contains("style-src 'self'"));
        assertThat(r.header("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void aBrowserAskingForAnUnknownPageGetsAnHtml404() throws Exception {
        RawHttp.Response r = app.get("/no/such/page", BROWSER);
        assertHtmlPage(r, 404, "Page not found");
        assertThat(r.body()).contains("href=\"/\"");
    }

    @Test
    void aFailingPageGetsAnHtml500WithTheRequestIdAndNoInternals() throws Exception {
        RawHttp.Response r = app.get("/probe/boom", BROWSER);
        assertHtmlPage(r, 500, "Something went wrong");
        String id = r.header("X-Request-Id").orElseThrow();
        assertThat(r.body()).contains(id).doesNotContain("internal-detail-that-must-not-leak")
                .doesNotContain("IllegalState").doesNotContain("\tat ");
    }

    @Test
    void wrongMethodAndRefusedRequestsGetHtmlPagesToo() throws Exception {
        assertHtmlPage(app.get("/probe/submit", BROWSER), 405, "Method not allowed");
        // AdminSubnetFilter: 127.0.0.1 is outside 10.0.0.0/8.
        assertHtmlPage(app.get("/admin", BROWSER), 403, "Forbidden");
        // CsrfFilter: a form POST without the token.
        RawHttp.Response csrf = app.send("POST", "/probe/submit", "name=x", BROWSER,
                "Content-Type: application/x-www-form-urlencoded", "Origin: http://localhost");
        assertHtmlPage(csrf, 403, "Forbidden");
        assertThat(csrf.body()).contains("CSRF verification failed");
    }

    @Test
    void apiPathsAndApiClientsKeepProblemJson() throws Exception {
        for (RawHttp.Response r : new RawHttp.Response[] {app.get("/api/nope", BROWSER), app.get("/api/boom", BROWSER),
                app.get("/no/such/page", "Accept: application/json"), app.get("/no/such/page")}) {
            assertThat(r.header("Content-Type")).hasValue("application/problem+json");
            assertThat(r.body()).doesNotContain("internal-detail-that-must-not-leak").contains("request_id");
        }
    }
}
