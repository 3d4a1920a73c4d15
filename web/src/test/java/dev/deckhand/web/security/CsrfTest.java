package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

/** Signed double-submit CSRF tokens plus the Origin/Referer check, on the real web app. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsrfTest {

    private static final String JSON = "Content-Type: application/json";
    private WebTestApp app;
    private String cookie;
    private String token;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) throws Exception {
        app = WebTestApp.start(pg, redis, root, Map.of("TRUSTED_PROXIES", "127.0.0.1/32"));
        RawHttp.Response r = app.get("/api/csrf-token");
        Matcher body = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
        assertThat(body.find()).isTrue();
        token = body.group(1);
        cookie = r.header("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(cookie).isEqualTo("__Host-csrf=" + token);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private RawHttp.Response post(String... headers) throws Exception {
        return app.send("POST", "/api/echo", "{\"a\":1}", headers);
    }

    @Test
    void aMissingTokenIsRefusedWith403() throws Exception {
        RawHttp.Response r = post(JSON, "Cookie: " + cookie);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("CSRF token missing");
        assertThat(post(JSON).status()).isEqualTo(403);
    }

    @Test
    void theMatchingTokenPasses() throws Exception {
        RawHttp.Response r = post(JSON, "Cookie: " + cookie, "X-CSRF-Token: " + token, "Origin: http://localhost");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"ok\":true");
        assertThat(post(JSON, "Cookie: " + cookie, "X-CSRF-Token: " + token).status()).isEqualTo(200);
    }

    @Test
    void aTokenThatDoesNotMatchTheCookieOrIsUnsignedIsRefused() throws Exception {
        String other = app.get("/api/csrf-token").body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(other).isNotEqualTo(token);
        assertThat(post(JSON, "Cookie: " + cookie, "X-CSRF-Token: " + other).status()).isEqualTo(403);
        // Attacker-chosen cookie and header that match each other but lack a valid signature.
        String forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
        assertThat(post(JSON, "Cookie: __Host-csrf=" + forged, "X-CSRF-Token: " + forged).status()).isEqualTo(403);
        assertThat(post(JSON, "X-CSRF-Token: " + token).status()).isEqualTo(403);
    }

    @Test
    void aForeignOriginOrRefererIsRefusedEvenWithAValidToken() throws Exception {
        String[] valid = {JSON, "Cookie: " + cookie, "X-CSRF-Token: " + token};
        RawHttp.Response r = post(with(valid, "Origin: https://evil.invalid"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).contains("Origin").doesNotContain("evil.invalid");
        assertThat(post(with(valid, "Origin: null")).status()).isEqualTo(403);
        assertThat(post(with(valid, "Referer: https://evil.invalid/page")).status()).isEqualTo(403);
        assertThat(post(with(valid, "Referer: http://localhost/page")).status()).isEqualTo(200);
    }

    @Test
    void overHttpsAnOriginOrRefererIsRequiredAndMustBeHttps() throws Exception {
        String[] valid = {JSON, "Cookie: " + cookie, "X-CSRF-Token: " + token, "X-Forwarded-Proto: https"};
        assertThat(post(valid).status()).isEqualTo(403);
        assertThat(post(with(valid, "Origin: http://localhost")).status()).isEqualTo(403);
        assertThat(post(with(valid, "Origin: https://localhost")).status()).isEqualTo(200);
    }

    @Test
    void bearerAuthenticatedRequestsAreExempt() throws Exception {
        assertThat(post(JSON, "Authorization: Bearer some-api-token").status()).isEqualTo(200);
    }

    @Test
    void urlEncodedFormsMayCarryTheTokenInAField() throws Exception {
        String form = "name=deck&csrf_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        RawHttp.Response r = app.send("POST", "/api/form", form, "Content-Type: application/x-www-form-urlencoded",
                "Cookie: " + cookie, "Origin: http://localhost");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"name\":\"deck\"");
        assertThat(app.send("POST", "/api/form", "name=deck&csrf_token=wrong",
                "Content-Type: application/x-www-form-urlencoded", "Cookie: " + cookie).status()).isEqualTo(403);
    }

    @Test
    void anExistingValidCookieIsReusedNotRotated() throws Exception {
        RawHttp.Response r = app.get("/api/csrf-token", "Cookie: " + cookie);
        assertThat(r.body()).contains(token);
        assertThat(r.all("Set-Cookie")).isEmpty();
    }

    private static String[] with(String[] base, String extra) {
        String[] out = java.util.Arrays.copyOf(base, base.length + 1);
        out[base.length] = extra;
        return out;
    }
}
