package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsValidatorTest {

    @TempDir
    Path root;

    private static final String STRONG = "q7Vh2mX9pL4sT8wZ1cN6bR3yK5jF0dGe";

    private List<SettingsProblem> problems(Map<String, String> env) {
        return SettingsValidator.problems(SettingsLoader.load("web", env, root));
    }

    private static Map<String, String> production() {
        Map<String, String> env = new HashMap<>();
        env.put("DECKHAND_ENV", "production");
        env.put("DATABASE_URL", "postgres://app:pw@db:5432/deckhand?sslmode=require");
        env.put("REDIS_URL", "rediss://:pw@cache:6380/0");
        env.put("SECRET_KEY", STRONG);
        env.put("DB_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        env.put("ALLOWED_HOSTS", "deckhand.example.org");
        return env;
    }

    @Test
    void localDefaultsAreValid() {
        assertThat(problems(Map.of())).isEmpty();
    }

    @Test
    void aCompleteProductionConfigIsValid() {
        assertThat(problems(production())).isEmpty();
    }

    @Test
    void reportsEveryBadVariableAtOnceByName() {
        Map<String, String> env = production();
        env.put("DATABASE_URL", "postgres://nohost");
        env.put("REDIS_URL", "http://x");
        env.put("PORT", "eighty");
        env.put("TRUSTED_PROXIES", "10.0.0.0/33");
        env.put("WORKER_QUEUES", "Default=0");
        assertThat(problems(env)).extracting(SettingsProblem::name)
                .containsExactlyInAnyOrder("DATABASE_URL", "REDIS_URL", "PORT", "TRUSTED_PROXIES", "WORKER_QUEUES");
    }

    @Test
    void productionRefusesUnsafeValues() {
        Map<String, String> env = production();
        env.put("DEBUG", "true");
        env.put("SECRET_KEY", "insecure-local-development-secret-key-do-not-use");
        env.put("DB_ENCRYPTION_KEY", ValueChecks.DEV_ENCRYPTION_KEY);
        env.put("ALLOWED_HOSTS", "*");
        assertThat(problems(env)).extracting(SettingsProblem::name)
                .containsExactlyInAnyOrder("DEBUG", "SECRET_KEY", "DB_ENCRYPTION_KEY", "ALLOWED_HOSTS");
        env.remove("ALLOWED_HOSTS");
        env.put("SECRET_KEY", "short");
        assertThat(problems(env)).extracting(SettingsProblem::name).contains("ALLOWED_HOSTS", "SECRET_KEY");
    }

    @Test
    void theAccountApiOnThisMachineIsForLocalAndTestOnly() {
        for (String loopback : List.of("http://localhost:8091", "http://127.0.0.1:8091", "http://[::1]:8091")) {
            Map<String, String> env = production();
            env.put("OAUTH_API_BASE_URL", loopback);
            assertThat(problems(env)).as(loopback).extracting(SettingsProblem::name).containsExactly("OAUTH_API_BASE_URL");
            assertThat(problems(Map.of("DECKHAND_ENV", "local", "OAUTH_API_BASE_URL", loopback))).as(loopback).isEmpty();
        }
        Map<String, String> env = production();
        env.put("OAUTH_API_BASE_URL", "https://api.example.com");
        assertThat(problems(env)).isEmpty();
    }

    @Test
    void secretValuesNeverAppearInMessages() {
        Map<String, String> env = production();
        env.put("SECRET_KEY", "tooShortButSecretValue");
        env.put("DB_ENCRYPTION_KEY", "bm90LTMyLWJ5dGVz-secretish");
        assertThatThrownBy(() -> SettingsValidator.requireValid(SettingsLoader.load("web", env, root)))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("SECRET_KEY").hasMessageContaining("DB_ENCRYPTION_KEY")
                .hasMessageNotContaining("tooShortButSecretValue").hasMessageNotContaining("secretish");
    }

    @Test
    void crossVariableRules() {
        Map<String, String> env = new HashMap<>(Map.of("ENABLE_S3_STORAGE", "true", "AUTH_WALL_USERNAME", "staff"));
        assertThat(problems(env)).extracting(SettingsProblem::name).contains("AWS_BUCKET_NAME", "AUTH_WALL_PASSWORD");
    }
}
