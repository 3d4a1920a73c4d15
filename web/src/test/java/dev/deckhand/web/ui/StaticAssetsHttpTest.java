package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.web.ui.assets.StaticAssets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Fingerprinted static assets and the page shell, over plain HTTP against the real app. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaticAssetsHttpTest {

    private static final Pattern CSS = Pattern.compile("href=\"(/static/app\\.[0-9a-f]{8}\\.css)\"");

    private WebAppUnderTest app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        app = WebAppUnderTest.start(pg, redis, root, Map.of());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesReferenceFingerprintedAssetsServedImmutable() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        assertThat(page.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]|style=");
        Matcher css = CSS.matcher(page.body());
        assertThat(css.find()).isTrue();
        String js = app.bean(StaticAssets.class).url("admin.js");
        assertThat(js).matches("/static/admin\\.[0-9a-f]{8}\\.js");

        HttpResponse<String> asset = get(css.group(1));
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(asset.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(asset.body()).contains(".topbar");
        assertThat(get(js).headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    }

    @Test
    void theAdminUiSendsAnonymousVisitorsToSignIn() throws Exception {
        HttpResponse<String> r = get("/admin");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/signin?next=%2Fadmin");
        assertThat(get("/admin/api/queues").statusCode()).isEqualTo(303);
    }

    @Test
    void unfingerprintedAndWrongHashNamesAreNotServed() throws Exception {
        assertThat(get("/static/app.css").statusCode()).isEqualTo(404);
        assertThat(get("/static/app.00000000.css").statusCode()).isEqualTo(404);
        assertThat(get("/static/assets.list").statusCode()).isEqualTo(404);
        assertThat(get("/static/..%2Fviews%2Flayout.html").statusCode()).isEqualTo(404);
    }
}
