package dev.deckhand.web.ui;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.migrations.MigrationRunner;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.web.Application;
import io.micronaut.context.ApplicationContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real web proctype on a free port against the test Postgres (migrated first: the app refuses
 * to boot on a stale schema) and Redis. Browsers reach it as {@code http://localhost:<port>},
 * which ALLOWED_HOSTS and ADMIN_API_ALLOWED_SUBNETS of the test environment both accept.
 */
final class WebAppUnderTest implements AutoCloseable {

    final ApplicationContext context;
    final int port;

    private WebAppUnderTest(ApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    static WebAppUnderTest start(TestPostgres pg, TestRedis redis, Path root, Map<String, String> extraEnv) {
        MigrationRunner.migrate(DatabaseUrl.parse(pg.databaseUrl()), "deckhand_app", null);
        int port = FreePorts.next();
        Map<String, String> env = new HashMap<>(Map.of(
                "DECKHAND_ENV", "test", "PORT", String.valueOf(port),
                "DATABASE_URL", pg.databaseUrl(), "REDIS_URL", redis.redisUrl()));
        env.putAll(extraEnv);
        ApplicationContext ctx = ProctypeLauncher.start(SettingsLoader.load(Application.PROCTYPE, env, root),
                Application.class, new String[0]);
        return new WebAppUnderTest(ctx, port);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        if (context.isRunning()) {
            context.close();
        }
    }
}
