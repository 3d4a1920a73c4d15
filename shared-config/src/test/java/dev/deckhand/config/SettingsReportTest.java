package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsReportTest {

    @TempDir
    Path root;

    @Test
    void showsEveryValueWithItsLayerAndRedactsSecrets() {
        Map<String, String> env = Map.of(
                "DATABASE_URL", "postgres://app:db-pass-123@db:5432/deckhand",
                "REDIS_URL", "redis://:redis-pass-456@cache:6379/0",
                "SECRET_KEY", "k3y-value-that-must-not-leak-0123456789",
                "OAUTH_CLIENT_SECRET", "client-secret-789",
                "OAUTH_CLIENT_ID", "deckhand-client");
        String report = SettingsReport.render(SettingsLoader.load("web", env, root));
        assertThat(report).doesNotContain("db-pass-123", "redis-pass-456", "k3y-value-that-must-not-leak", "client-secret-789");
        assertThat(report).contains("postgres://app:****@db:5432/deckhand", "redis://:****@cache:6379/0");
        assertThat(report).containsPattern("SECRET_KEY\\s+= \\*\\*\\*\\*\\s+\\[environment variable]");
        assertThat(report).containsPattern("OAUTH_CLIENT_ID\\s+= deckhand-client\\s+\\[environment variable]");
        assertThat(report).containsPattern("PORT\\s+= 8000\\s+\\[proctype defaults]");
    }
}
