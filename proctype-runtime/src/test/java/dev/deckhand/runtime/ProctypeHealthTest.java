package dev.deckhand.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.config.SettingsLoader;
import dev.deckhand.runtime.launch.ProctypeLauncher;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProctypeHealthTest {

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

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livenessIsUpAndNamesTheProctype() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"proctype\":\"worker\"")
                .contains("\"version\":\"" + System.getProperty("deckhand.version") + "\"");
    }

    @Test
    void readinessChecksPostgresAndRedis() throws Exception {
        HttpResponse<String> r = get("/health/readiness");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"postgres\":\"UP\"").contains("\"redis\":\"UP\"");
    }

    @Test
    void echoesAWellFormedRequestIdAndReplacesAMalformedOne() throws Exception {
        assertThat(get("/health", "X-Request-Id", "abc-123-def-456").headers().firstValue("X-Request-Id"))
                .contains("abc-123-def-456");
        assertThat(get("/health", "X-Request-Id", "<script>").headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }
}
