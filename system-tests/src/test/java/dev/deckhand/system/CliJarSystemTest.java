package dev.deckhand.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's CLI as an operator runs it ({@code java -jar cli/target/deckhand-cli.jar}, what
 * bin/deckhand and the web image run), configured by environment only, against the real web jar:
 * help and usage errors need no database (exit 0 / 2), {@code admin grant} makes a signed-up user
 * an administrator, and the token {@code token create} prints works on the web API, admin API
 * included, until it is revoked.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class CliJarSystemTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void grantAndATokenFromTheCliJarWorkOnTheWebJar(TestPostgres pg, TestRedis redis) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DECKHAND_ENV", "test");
        env.put("MIGRATION_DATABASE_URL", pg.databaseUrl());
        env.put("APP_DATABASE_ROLE", "deckhand_app");
        env.put("APP_DATABASE_PASSWORD", "app-role-password");
        env.put("DATABASE_URL", "postgres://deckhand_app:app-role-password@" + pg.host() + ":" + pg.port() + "/" + pg.database());
        env.put("REDIS_URL", redis.redisUrl());
        try (ProctypeJar migrations = ProctypeJar.start("migrations", work, env)) {
            assertThat(migrations.awaitExit(120)).as(migrations.outputText()).isZero();
        }
        String email = "ops-" + UUID.randomUUID() + "@example.test";
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (issuer, subject, email, name) VALUES ('local', ?, ?, 'Ops')")) {
            ps.setString(1, "ops-" + UUID.randomUUID());
            ps.setString(2, email);
            ps.executeUpdate();
        }

        CliOutput help = cli(Map.of(), "--help");
        assertThat(help.status).as(help.text).isZero();
        assertThat(help.text).contains("Usage: deckhand").contains("token").contains("Exit status:");
        CliOutput usage = cli(Map.of(), "token", "create");
        assertThat(usage.status).as("missing USER: a usage error, without any setting\n" + usage.text).isEqualTo(2);
        assertThat(usage.text).contains("Missing required parameter: 'USER'");

        CliOutput grant = cli(env, "admin", "grant", email);
        assertThat(grant.status).as(grant.text).isZero();
        assertThat(grant.text).contains("is now an administrator");
        CliOutput created = cli(env, "token", "create", email, "--expires-in", "1d");
        assertThat(created.status).as(created.text).isZero();
        String token = created.text.lines().filter(l -> l.startsWith("dh_")).findFirst().orElseThrow();
        assertThat(created.text).doesNotContain("app-role-password");

        Map<String, String> webEnv = new HashMap<>(env);
        int port = FreePorts.next();
        webEnv.put("PORT", String.valueOf(port));
        try (ProctypeJar web = ProctypeJar.start("web", work, webEnv)) {
            web.awaitReady(port);
            assertThat(get(port, "/api/me/preferences", token).statusCode()).isEqualTo(200);
            assertThat(get(port, "/api/admin/products", token).statusCode()).as("the granted role").isEqualTo(200);
            assertThat(get(port, "/api/me/preferences", "dh_not-a-token").statusCode()).isEqualTo(401);
            try (Connection c = pg.connect()) {
                c.createStatement().executeUpdate("DELETE FROM api_tokens WHERE kind = 'api'");
            }
            assertThat(get(port, "/api/me/preferences", token).statusCode()).as("revoked").isEqualTo(401);
        }
    }

    private static HttpResponse<String> get(int port, String path, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private record CliOutput(int status, String text) {
    }

    private CliOutput cli(Map<String, String> env, String... args) throws Exception {
        try (ProctypeJar cli = ProctypeJar.startNamed("cli", "cli-" + UUID.randomUUID(), work, env, args)) {
            int status = cli.awaitExit(120);
            return new CliOutput(status, cli.outputText());
        }
    }
}
