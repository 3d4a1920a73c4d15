package dev.deckhand.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The proctype's exit status and messages name the variable at fault, never the password. */
@ExtendWith(PostgresExtension.class)
class ApplicationTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private int run(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("DECKHAND_ENV", "test"));
        all.putAll(env);
        ResolvedSettings settings = SettingsLoader.load(Application.PROCTYPE, all, root);
        return Application.migrate(settings, err, err);
    }

    @Test
    void migratesWithTheElevatedUrlAndExitsZero(TestPostgres pg) {
        TestPostgres db = pg.newDatabase();
        int status = run(Map.of("MIGRATION_DATABASE_URL", db.databaseUrl(),
                "DATABASE_URL", "postgres://nobody:nothing@127.0.0.1:1/unused"));
        assertThat(status).as(errBytes.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void fallsBackToDatabaseUrlInTest(TestPostgres pg) {
        assertThat(run(Map.of("DATABASE_URL", pg.newDatabase().databaseUrl()))).isZero();
    }

    @Test
    void malformedUrlIsAConfigurationErrorNamingTheVariable() {
        assertThat(run(Map.of("MIGRATION_DATABASE_URL", "mysql://x@y/z"))).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("MIGRATION_DATABASE_URL");
    }

    @Test
    void unreachableDatabaseNamesTheVariableWithoutThePassword() {
        int status = run(Map.of("MIGRATION_DATABASE_URL", "postgres://admin:hunter2secret@127.0.0.1:1/deckhand"));
        String message = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(3);
        assertThat(message).contains("MIGRATION_DATABASE_URL").contains("127.0.0.1").doesNotContain("hunter2secret");
    }

    @Test
    void productionRequiresTheElevatedUrl(TestPostgres pg) {
        Map<String, String> env = new HashMap<>(Map.of("DECKHAND_ENV", "production",
                "DATABASE_URL", pg.databaseUrl(), "REDIS_URL", "redis://localhost:6379/0",
                "SECRET_KEY", "x".repeat(40), "ALLOWED_HOSTS", "example.com",
                "DB_ENCRYPTION_KEY", "ZGV2LW9ubHktZGVja2hhbmQta2V5LTMyLWJ5dGVzISE="));
        ResolvedSettings settings = SettingsLoader.load(Application.PROCTYPE, env, root);
        assertThat(Application.migrate(settings, err, err)).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("MIGRATION_DATABASE_URL");
    }
}
