package dev.deckhand.web.api;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.config.MicronautProperties;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.migrations.MigrationRunner;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.web.Application;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real web proctype on a free port plus, optionally, an in-process worker context consuming
 * the default and short queues, both on the test Postgres (migrated), Redis and OAuth provider.
 */
final class ApiStack implements AutoCloseable {

    final ApplicationContext web;
    final ApplicationContext worker;
    final int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private ApiStack(ApplicationContext web, ApplicationContext worker, int port) {
        this.web = web;
        this.worker = worker;
        this.port = port;
    }

    static ApiStack start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, Map<String, String> extra,
                          boolean withWorker) {
        MigrationRunner.migrate(DatabaseUrl.parse(pg.databaseUrl()), "deckhand_app", null);
        int port = FreePorts.next();
        Path root;
        try {
            root = Files.createTempDirectory("deckhand-api-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("DECKHAND_ENV", "test");
        env.put("PORT", String.valueOf(port));
        env.put("DATABASE_URL", pg.databaseUrl());
        env.put("REDIS_URL", redis.redisUrl());
        env.put("MEDIA_ROOT", root.resolve("media").toString());
        env.put("OAUTH_ISSUER_URL", oauth.issuerUrl());
        env.put("OAUTH_CLIENT_ID", "deckhand-test");
        env.put("OAUTH_CLIENT_SECRET", "deckhand-test-client-secret");
        env.put("OAUTH_SCOPES", "openid offline_access");
        env.put("WORKER_QUEUES", "default=4,short=4");
        env.putAll(extra);
        ApplicationContext web = ProctypeLauncher.start(SettingsLoader.load(Application.PROCTYPE, env, root),
                Application.class, new String[0]);
        ApplicationContext worker = null;
        if (withWorker) {
            ResolvedSettings s = SettingsLoader.load("worker", env, root);
            worker = ApplicationContext.builder().deduceEnvironment(false).deduceCloudEnvironment(false)
                    .environmentPropertySource(false).environments("test", "worker")
                    .properties(new HashMap<>(MicronautProperties.from(s))).singletons(s).banner(false).start();
        }
        return new ApiStack(web, worker, port);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    HttpResponse<String> get(String pathOrUrl, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathOrUrl)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String bearer, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : url(pathOrUrl));
    }

    @Override
    public void close() {
        if (worker != null && worker.isRunning()) {
            worker.close();
        }
        if (web.isRunning()) {
            web.close();
        }
    }
}
