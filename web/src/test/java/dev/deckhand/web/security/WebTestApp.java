package dev.deckhand.web.security;

import dev.deckhand.config.SettingsLoader;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.web.Application;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The real web proctype on a free port, booted from settings like production boots it. */
final class WebTestApp implements AutoCloseable {

    final int port;
    final ApplicationContext context;
    /** The Redis this app started for itself and closes with it (null: the caller's Redis). */
    private final TestRedis ownRedis;

    private WebTestApp(int port, ApplicationContext context, TestRedis ownRedis) {
        this.port = port;
        this.context = context;
        this.ownRedis = ownRedis;
    }

    /** DECKHAND_ENV=test unless overridden; {@code env} wins over the defaults. */
    static WebTestApp start(TestPostgres pg, TestRedis redis, Path root, Map<String, String> env) {
        int port = FreePorts.next();
        Map<String, String> all = new HashMap<>(Map.of("DECKHAND_ENV", "test", "PORT", String.valueOf(port),
                "DATABASE_URL", pg.databaseUrl(), "REDIS_URL", redis.redisUrl()));
        all.putAll(env);
        ApplicationContext ctx = ProctypeLauncher.start(SettingsLoader.load(Application.PROCTYPE, all, root),
                Application.class, new String[0], Map.of("deckhand.schema-check", false));
        return new WebTestApp(port, ctx, null);
    }

    /**
     * As {@link #start}, on a Redis of its own (a test that flushes scripts or counts commands),
     * closed with the app; {@link #redis()} is it.
     */
    static WebTestApp startOnOwnRedis(TestPostgres pg, Path root, Map<String, String> env) {
        TestRedis redis = RedisExtension.dedicated();
        try {
            WebTestApp app = start(pg, redis, root, env);
            return new WebTestApp(app.port, app.context, redis);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** The Redis of {@link #startOnOwnRedis}. */
    TestRedis redis() {
        if (ownRedis == null) {
            throw new IllegalStateException("this app runs on the caller's Redis");
        }
        return ownRedis;
    }

    RawHttp.Response get(String target, String... headers) throws IOException {
        return RawHttp.get(port, target, headers);
    }

    RawHttp.Response send(String method, String target, String body, String... headers) throws IOException {
        return RawHttp.send(port, method, target, body, headers);
    }

    @Override
    public void close() {
        if (context.isRunning()) {
            context.close();
        }
        if (ownRedis != null) {
            ownRedis.close();
        }
    }
}
