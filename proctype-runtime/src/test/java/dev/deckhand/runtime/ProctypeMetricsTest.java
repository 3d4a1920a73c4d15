package dev.deckhand.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.config.SettingsLoader;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.runtime.metrics.MetricsProperties;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every proctype serves Prometheus metrics on its PORT and no other management endpoint. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProctypeMetricsTest {

    private ApplicationContext context;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        port = FreePorts.next();
        context = ProctypeLauncher.start(SettingsLoader.load("worker", Map.of(
                "DECKHAND_ENV", "test", "PORT", String.valueOf(port),
                "DATABASE_URL", pg.databaseUrl(), "REDIS_URL", redis.redisUrl()), root),
                TestProctype.class, new String[0], Map.of("deckhand.schema-check", false));
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void prometheusEndpointServesHttpAndJvmMetricsTaggedWithTheProctype() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> r = get(MetricsProperties.PATH);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("http_server_requests_seconds_count{")
                .contains("uri=\"/health\"")
                .contains("jvm_memory_used_bytes")
                .contains("proctype=\"worker\"");
    }

    @Test
    void metricsAreHiddenFromRequestsThatCameThroughAProxy() throws Exception {
        for (String header : List.of("X-Forwarded-For", "Forwarded", "X-Real-IP")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + MetricsProperties.PATH)).header(header, "for=203.0.113.9").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(header).isEqualTo(404);
            assertThat(r.body()).as(header).doesNotContain("jvm_");
        }
    }

    /** Issue 13 item 6: every spelling the router might serve gets the rule of /prometheus. */
    @Test
    void pathVariantsOfPrometheusGetTheSameRule() throws Exception {
        for (String path : List.of("/prometheus/", "//prometheus", "/prometheus//", "/%70rometheus", "/prometheus%2F",
                "/PROMETHEUS", "/Prometheus/", "/./prometheus", "/prometheus/.", "/x/../prometheus", "/prometheus;a=b",
                "/prometheus?x=1", "/prometheus/?x=1")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("jvm_");
        }
    }

    @Test
    void healthStaysOursAndOtherManagementEndpointsAreOff() throws Exception {
        assertThat(get("/health").body()).contains("\"proctype\":\"worker\"");
        for (String path : List.of("/env", "/beans", "/loggers", "/info", "/routes", "/metrics")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
    }
}
