package dev.deckhand.web.api;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal API tokens (what {@code deckhand token create} issues: kind {@code api}) on the real web
 * proctype: the token works as a Bearer on the API, the owner's /settings page lists it (never its
 * value), and revoking it there refuses it at once, audited; another user's token cannot be revoked.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class ApiTokensSettingsWebTest {

    static ApiStack stack;
    static TestPostgres db;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        db = pg;
        stack = ApiStack.start(pg, redis, oauth, Map.of(), false);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static User newUser(String name) {
        return stack.web.getBean(UserRepository.class).save(new User(null, "local", name + "-" + UUID.randomUUID(),
                name + "@example.test", name, false, Instant.now()));
    }

    @Test
    void apiTokenWorksIsListedOnSettingsAndRevokingItThereRefusesItAtOnce() throws Exception {
        Sessions sessions = stack.web.getBean(Sessions.class);
        User owner = newUser("tess");
        User other = newUser("otto");
        Sessions.Issued apiToken = sessions.issueToken(owner, "api", Duration.ofDays(30));
        Sessions.Issued othersToken = sessions.issueToken(other, "api", Duration.ofDays(30));
        String session = sessions.issue(owner, "session", Duration.ofHours(1));

        assertThat(stack.get("/api/me/preferences", apiToken.value()).statusCode()).isEqualTo(200);

        HttpResponse<String> csrf = stack.get("/api/csrf-token", null);
        String csrfCookie = csrf.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String csrfToken = csrf.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        String prefix = csrfCookie.startsWith("__Host-") ? "__Host-" : "";
        String cookies = prefix + "session=" + session + "; " + csrfCookie;

        HttpResponse<String> page = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/settings")))
                .header("Cookie", cookies).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-token=\"" + apiToken.id() + "\"")
                .contains("/settings/tokens/" + apiToken.id() + "/revoke")
                .doesNotContain(apiToken.value()).doesNotContain(othersToken.id().toString());

        assertThat(revoke(othersToken.id(), cookies, csrfToken).statusCode()).isEqualTo(303);
        assertThat(stack.get("/api/me/preferences", othersToken.value()).statusCode())
                .as("another user's token is not revoked").isEqualTo(200);

        HttpResponse<String> revoked = revoke(apiToken.id(), cookies, csrfToken);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(303);
        assertThat(stack.get("/api/me/preferences", apiToken.value()).statusCode()).isEqualTo(401);
        HttpResponse<String> after = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/settings")))
                .header("Cookie", cookies).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.body()).doesNotContain(apiToken.id().toString()).contains("You have no API tokens.");
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT actor_user_id, subject_id FROM audit WHERE action = 'token.revoked'")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1)).isEqualTo(owner.id());
                assertThat(rs.getString(2)).isEqualTo(apiToken.id().toString());
                assertThat(rs.next()).as("only the owner's revocation is audited").isFalse();
            }
        }
    }

    private static HttpResponse<String> revoke(UUID id, String cookies, String csrfToken) throws Exception {
        return stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/settings/tokens/" + id + "/revoke")))
                .header("Cookie", cookies).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", stack.url("")).POST(HttpRequest.BodyPublishers.ofString(
                        "csrf_token=" + URLEncoder.encode(csrfToken, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
