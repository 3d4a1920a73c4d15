package dev.deckhand.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Boots a proctype as a real OS process, the way operators run it. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class ProctypeProcessTest {

    @TempDir
    Path root;

    private Process launch(Map<String, String> env, Path output, String... args) throws Exception {
        return TestProctypeProcess.launch(root, env, output, args);
    }

    @Test
    void malformedDatabaseUrlFailsFastNamingTheVariable() throws Exception {
        Path out = root.resolve("out.txt");
        Process p = launch(Map.of("DATABASE_URL", "postgres://nohost", "REDIS_URL", "redis://x:1/0"), out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(out)).contains("DATABASE_URL: missing database name");
    }

    @Test
    void unreachableDatabaseFailsNamingTheVariableWithoutThePassword() throws Exception {
        Path out = root.resolve("out.txt");
        Process p = launch(Map.of("DATABASE_URL", "postgres://app:hunter2secret@127.0.0.1:" + FreePorts.next() + "/db",
                "DECKHAND_ENV", "test"), out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(text).contains("DATABASE_URL: cannot connect to postgres://app:****@127.0.0.1").doesNotContain("hunter2secret");
    }

    @Test
    void printSettingsRedactsSecrets() throws Exception {
        Path out = root.resolve("out.txt");
        Process p = launch(Map.of("SECRET_KEY", "a-very-long-secret-value-that-must-not-print", "DECKHAND_ENV", "test"),
                out, "--print-settings");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(out)).contains("SECRET_KEY").contains("****")
                .doesNotContain("a-very-long-secret-value-that-must-not-print");
    }

    @Test
    void startsHealthyLogsJsonWithRequestIdsAndStopsCleanlyOnSigterm(TestPostgres pg, TestRedis redis) throws Exception {
        int port = FreePorts.next();
        Path out = root.resolve("out.txt");
        Process p = launch(Map.of("DECKHAND_ENV", "test", "PORT", String.valueOf(port), "LOG_LEVEL", "INFO",
                "LOG_LEVELS", "dev.deckhand=DEBUG",
                "DATABASE_URL", pg.databaseUrl(), "REDIS_URL", redis.redisUrl()), out);
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                    .header("X-Request-Id", "req-0123456789").build();
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                events.add(json.readTree(line));
            }
        }
        assertThat(events).isNotEmpty();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.path("proctype").asText()).isEqualTo("worker");
            assertThat(e.has("@timestamp")).isTrue();
            assertThat(e.has("level")).isTrue();
        });
        assertThat(events).anySatisfy(e -> assertThat(e.path("message").asText()).contains("worker started in"));
        assertThat(String.join("\n", Files.readAllLines(out))).doesNotContain(pg.password() + "@");
        assertThat(new File(root.toFile(), "var/media")).isDirectory();
    }
}
