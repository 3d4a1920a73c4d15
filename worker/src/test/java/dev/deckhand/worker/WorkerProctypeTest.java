package dev.deckhand.worker;

import dev.deckhand.config.SettingsLoader;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.micronaut.WorkerRuntime;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker proctype boots from settings, consumes `default` with its handler beans, stays ready, exports queue metrics. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class WorkerProctypeTest {

    @Test
    void consumesTheDefaultQueueWithHandlerBeansAndReportsReady(TestPostgres pg, TestRedis redis, @TempDir Path root)
            throws Exception {
        int port = FreePorts.next();
        ApplicationContext ctx = ProctypeLauncher.start(SettingsLoader.load(Application.PROCTYPE, Map.of(
                        "DECKHAND_ENV", "test", "PORT", String.valueOf(port),
                        "DATABASE_URL", pg.databaseUrl(), "REDIS_URL", redis.redisUrl()), root),
                Application.class, new String[0], Map.of("deckhand.schema-check", false));
        try {
            assertThat(ctx.getBean(WorkerRuntime.class).queues()).containsOnlyKeys("default");
            String id = ctx.getBean(JobEnqueuer.class).enqueue(EnqueueRequest.of("test.ping", Map.of("n", "7")));
            await().until(() -> ctx.getBean(PingJobHandler.class).seen.contains("7"));
            await().until(() -> ctx.getBean(JobQueueAdmin.class).state(id).orElse("").equals("succeeded"));
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body()).contains("deckhand_queue_ready{").contains("queue=\"default\"")
                    .contains("deckhand_jobs_succeeded_total{");
        } finally {
            ctx.close();
        }
        assertThat(ctx.isRunning()).isFalse();
    }
}
