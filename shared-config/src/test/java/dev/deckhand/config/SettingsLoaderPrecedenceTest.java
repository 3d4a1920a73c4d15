package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The precedence table of README.md, asserted: base < environment < proctype < .env <
 * .env.$DOTENV < .env.local < process environment.
 */
class SettingsLoaderPrecedenceTest {

    @TempDir
    Path root;

    @Test
    void eachLayerOverridesTheOneBefore() throws IOException {
        // LOG_LEVEL: base=INFO. MAX_QUEUE_LENGTH: base only. PORT: base 8000, proctype worker 8081.
        ResolvedSettings plain = SettingsLoader.load("worker", Map.of(), root);
        assertThat(plain.get("MAX_QUEUE_LENGTH")).contains("10000");
        assertThat(plain.layerOf("MAX_QUEUE_LENGTH")).contains(SettingsLayer.BASE);
        assertThat(plain.get("LOG_FORMAT")).contains("text");
        assertThat(plain.layerOf("LOG_FORMAT")).contains(SettingsLayer.ENVIRONMENT);
        assertThat(plain.get("PORT")).contains("8081");
        assertThat(plain.layerOf("PORT")).contains(SettingsLayer.PROCTYPE);

        Files.writeString(root.resolve(".env"), "PORT=9001\nMAX_QUEUE_LENGTH=11\nLOG_LEVEL=DEBUG\nDOTENV=ci\n");
        Files.writeString(root.resolve(".env.ci"), "PORT=9002\nMAX_QUEUE_LENGTH=12\n");
        Files.writeString(root.resolve(".env.local"), "PORT=9003\n");
        ResolvedSettings layered = SettingsLoader.load("worker", Map.of("TOKEN_LIFETIME_MINUTES", "7"), root);
        assertThat(layered.get("LOG_LEVEL")).contains("DEBUG");
        assertThat(layered.layerOf("LOG_LEVEL")).contains(SettingsLayer.DOTENV);
        assertThat(layered.get("MAX_QUEUE_LENGTH")).contains("12");
        assertThat(layered.layerOf("MAX_QUEUE_LENGTH")).contains(SettingsLayer.DOTENV_NAMED);
        assertThat(layered.get("PORT")).contains("9003");
        assertThat(layered.layerOf("PORT")).contains(SettingsLayer.DOTENV_LOCAL);
        assertThat(layered.get("TOKEN_LIFETIME_MINUTES")).contains("7");

        ResolvedSettings env = SettingsLoader.load("worker", Map.of("PORT", "9004"), root);
        assertThat(env.get("PORT")).contains("9004");
        assertThat(env.layerOf("PORT")).contains(SettingsLayer.PROCESS_ENV);
    }

    @Test
    void environmentComesFromProcessThenDotenvThenDefaultsToLocal() throws IOException {
        assertThat(SettingsLoader.load("web", Map.of(), root).environment()).isEqualTo("local");
        Files.writeString(root.resolve(".env"), "DECKHAND_ENV=test\n");
        assertThat(SettingsLoader.load("web", Map.of(), root).environment()).isEqualTo("test");
        ResolvedSettings prod = SettingsLoader.load("web", Map.of("DECKHAND_ENV", "production"), root);
        assertThat(prod.environment()).isEqualTo("production");
        // production has no development defaults for per-deploy values
        assertThat(prod.get("DATABASE_URL")).isEmpty();
        assertThat(prod.get("SECRET_KEY")).isEmpty();
    }

    @Test
    void dotenvLocalSelectsTheNamedLayerAndStillWinsOverIt() throws IOException {
        // As ixc-django-docker: .env.local is read first for DOTENV, then applied last.
        Files.writeString(root.resolve(".env"), "DOTENV=ci\nLOG_LEVEL=WARN\n");
        Files.writeString(root.resolve(".env.ci"), "MAX_QUEUE_LENGTH=1\n");
        Files.writeString(root.resolve(".env.staging"), "MAX_QUEUE_LENGTH=22\nLOG_LEVEL=DEBUG\nPORT=9100\n");
        Files.writeString(root.resolve(".env.local"), "DOTENV=staging\nPORT=9101\n");
        ResolvedSettings s = SettingsLoader.load("worker", Map.of(), root);
        assertThat(s.get("MAX_QUEUE_LENGTH")).contains("22");
        assertThat(s.layerOf("MAX_QUEUE_LENGTH")).contains(SettingsLayer.DOTENV_NAMED);
        assertThat(s.get("LOG_LEVEL")).contains("DEBUG");
        assertThat(s.get("PORT")).contains("9101");
        assertThat(s.layerOf("PORT")).contains(SettingsLayer.DOTENV_LOCAL);
        assertThat(s.get("DOTENV")).contains("staging");
        assertThat(s.layerOf("DOTENV")).contains(SettingsLayer.DOTENV_LOCAL);
        assertThat(SettingsReport.render(s)).contains(".env.$DOTENV");

        // The process environment still picks the layer over both files.
        ResolvedSettings ci = SettingsLoader.load("worker", Map.of("DOTENV", "ci"), root);
        assertThat(ci.get("MAX_QUEUE_LENGTH")).contains("1");
        assertThat(ci.layerOf("DOTENV")).contains(SettingsLayer.PROCESS_ENV);
    }

    @Test
    void theNamedLayerOrDotenvLocalCanSetTheEnvironment() throws IOException {
        // .env.production.example says DECKHAND_ENV=production: copying it to .env.production and
        // selecting it must make the process a production one, with production's checks.
        Files.writeString(root.resolve(".env.production"), "DECKHAND_ENV=production\n");
        Files.writeString(root.resolve(".env.local"), "DOTENV=production\n");
        ResolvedSettings s = SettingsLoader.load("web", Map.of(), root);
        assertThat(s.environment()).isEqualTo("production");
        assertThat(s.layerOf("DECKHAND_ENV")).contains(SettingsLayer.DOTENV_NAMED);
        assertThat(s.get("DATABASE_URL")).as("no development defaults in production").isEmpty();

        Files.writeString(root.resolve(".env.local"), "DOTENV=production\nDECKHAND_ENV=staging\n");
        ResolvedSettings local = SettingsLoader.load("web", Map.of(), root);
        assertThat(local.environment()).isEqualTo("staging");
        assertThat(local.layerOf("DECKHAND_ENV")).contains(SettingsLayer.DOTENV_LOCAL);
        assertThat(SettingsLoader.load("web", Map.of("DECKHAND_ENV", "test"), root).environment()).isEqualTo("test");
    }

    @Test
    void unknownProcessVariablesAreIgnored() {
        ResolvedSettings s = SettingsLoader.load("web", Map.of("HOME", "/root", "UNRELATED", "x"), root);
        assertThat(s.all()).doesNotContainKeys("HOME", "UNRELATED");
    }
}
