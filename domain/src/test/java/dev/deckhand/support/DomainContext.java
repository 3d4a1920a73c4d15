package dev.deckhand.support;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.config.MicronautProperties;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.migrations.MigrationRunner;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A domain ApplicationContext (no HTTP server) on real backing services: the schema is migrated
 * with the real Flyway migrations, settings come from the real loader with a test environment
 * map, and the Clock bean is a {@link MutableClock}.
 */
public final class DomainContext {

    private DomainContext() {
    }

    public static Map<String, String> env(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        Map<String, String> env = new HashMap<>();
        env.put("DECKHAND_ENV", "test");
        env.put("DATABASE_URL", pg.databaseUrl());
        env.put("REDIS_URL", redis.redisUrl());
        // The context is a worker: it consumes both queues so jobs run end to end in-process.
        env.put("WORKER_QUEUES", "default=4,short=4");
        if (oauth != null) {
            env.put("OAUTH_ISSUER_URL", oauth.issuerUrl());
            env.put("OAUTH_CLIENT_ID", "deckhand-test");
            env.put("OAUTH_CLIENT_SECRET", "deckhand-test-client-secret");
            env.put("OAUTH_SCOPES", "openid offline_access");
        }
        return env;
    }

    public static ApplicationContext start(Map<String, String> env, MutableClock clock, Object... singletons) {
        try {
            Path root = Files.createTempDirectory("deckhand-domain-test");
            Map<String, String> e = new HashMap<>(env);
            e.putIfAbsent("MEDIA_ROOT", root.resolve("media").toString());
            MigrationRunner.migrate(DatabaseUrl.parse(e.get("DATABASE_URL")), "deckhand_app", null);
            ResolvedSettings settings = SettingsLoader.load("worker", e, root);
            return ApplicationContext.builder()
                    .deduceEnvironment(false)
                    .deduceCloudEnvironment(false)
                    .environmentPropertySource(false)
                    .environments("test")
                    .properties(new HashMap<>(MicronautProperties.from(settings)))
                    .singletons(settings, clock)
                    .singletons(singletons)
                    .banner(false)
                    .start();
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
