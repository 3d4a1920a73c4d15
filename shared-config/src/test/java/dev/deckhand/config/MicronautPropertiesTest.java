package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicronautPropertiesTest {

    @TempDir
    Path root;

    @Test
    void mapsUrlsToDatasourceAndRedisWithCredentialsOutOfTheJdbcUrl() {
        Map<String, Object> p = MicronautProperties.from(SettingsLoader.load("worker", Map.of(
                "DATABASE_URL", "postgres://app:pw@db:5433/dh?sslmode=verify-full",
                "REDIS_URL", "rediss://:rpw@cache:6380/2", "DATABASE_POOL_SIZE", "7"), root));
        assertThat(p).containsEntry("datasources.default.url", "jdbc:postgresql://db:5433/dh?sslmode=verify-full")
                .containsEntry("datasources.default.username", "app")
                .containsEntry("datasources.default.password", "pw")
                .containsEntry("datasources.default.maximum-pool-size", 7)
                .containsEntry("redis.uri", "rediss://:rpw@cache:6380/2")
                .containsEntry("micronaut.server.port", 8081)
                .containsEntry("micronaut.lifecycle.graceful-shutdown.enabled", true);
    }

    @Test
    void theWebPoolIsFixedSizeAndOtherProctypesKeepOneIdleConnection() {
        Map<String, String> env = Map.of("DATABASE_URL", "postgres://app:pw@db:5433/dh", "REDIS_URL", "redis://cache:6379",
                "DATABASE_POOL_SIZE", "7");
        assertThat(MicronautProperties.from(SettingsLoader.load("web", env, root)))
                .containsEntry("datasources.default.maximum-pool-size", 7)
                .containsEntry("datasources.default.minimum-idle", 7);
        assertThat(MicronautProperties.from(SettingsLoader.load("worker", env, root)))
                .containsEntry("datasources.default.minimum-idle", 1);
    }
}
