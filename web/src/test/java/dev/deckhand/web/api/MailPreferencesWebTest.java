package dev.deckhand.web.api;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.mail.MailPreferences;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The run-end mail opt-in through the API and through the settings page's checkbox (real web proctype). */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class MailPreferencesWebTest {

    static ApiStack stack;
    static User user;
    static String token;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        stack = ApiStack.start(pg, redis, oauth, Map.of(), false);
        user = stack.web.getBean(UserRepository.class).save(new User(null, "local", "prefs-" + UUID.randomUUID(),
                "pat@example.test", "Pat <b>", false, Instant.now()));
        token = stack.web.getBean(Sessions.class).issue(user, "session", Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> put(String json, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.url("/api/me/preferences")))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return stack.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean stored() {
        return stack.web.getBean(MailPreferences.class).emailOnRunEnd(user.id());
    }

    @Test
    void theApiReadsAndChangesTheOptIn() throws Exception {
        HttpResponse<String> shown = stack.get("/api/me/preferences", token);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("\"emailOnRunEnd\":false").contains("\"email\":\"pat@example.test\"")
                .contains("\"mailEnabled\":false");

        HttpResponse<String> on = put("{\"emailOnRunEnd\": true}", token);
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(on.body()).contains("\"emailOnRunEnd\":true");
        assertThat(stored()).isTrue();
        assertThat(put("{\"emailOnRunEnd\": false}", token).statusCode()).isEqualTo(200);
        assertThat(stored()).isFalse();
    }

    @Test
    void badInputIsAProblemAndChangesNothing() throws Exception {
        HttpResponse<String> missing = put("{}", token);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(missing.body()).contains("emailOnRunEnd");
        assertThat(put("{\"emailOnRunEnd\": \"maybe\"}", token).statusCode()).isEqualTo(400);
        assertThat(stack.get("/api/me/preferences", null).statusCode()).isEqualTo(401);
        assertThat(put("{\"emailOnRunEnd\": true}", null).statusCode()).as("no credentials, no CSRF token").isEqualTo(403);
        assertThat(stored()).isFalse();
    }

    @Test
    void theSettingsPageHasTheCheckboxAndSavesIt() throws Exception {
        HttpResponse<String> csrf = stack.get("/api/csrf-token", null);
        String csrfCookie = csrf.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String csrfToken = csrf.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        String prefix = csrfCookie.startsWith("__Host-") ? "__Host-" : "";
        String cookies = prefix + "session=" + token + "; " + csrfCookie;

        HttpResponse<String> page = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/settings")))
                .header("Cookie", cookies).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("pat@example.test").contains("name=\"email_on_run_end\"")
                .doesNotContain("id=\"email_on_run_end\" checked").contains("Pat &lt;b&gt;");

        String form = "email_on_run_end=on&csrf_token=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8);
        HttpResponse<String> saved = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/settings")))
                .header("Cookie", cookies).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", stack.url("")).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(stored()).isTrue();
        HttpResponse<String> again = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/settings")))
                .header("Cookie", cookies).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.body()).contains("id=\"email_on_run_end\" checked");

        HttpResponse<String> off = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/settings")))
                .header("Cookie", cookies).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", stack.url("")).POST(HttpRequest.BodyPublishers.ofString(
                        "csrf_token=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(off.statusCode()).isEqualTo(303);
        assertThat(stored()).isFalse();

        HttpResponse<String> anonymous = stack.get("/settings", null);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).contains("/signin?next=/settings");
    }
}
