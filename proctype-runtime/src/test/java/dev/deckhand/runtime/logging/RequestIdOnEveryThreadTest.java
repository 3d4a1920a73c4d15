package dev.deckhand.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.runtime.TestProctype;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Issue 15 item 4: a line logged while serving a request carries that request's
 * {@code request_id}, on whichever thread it is logged (event loop, an {@code @ExecuteOn} route on
 * the blocking pool, work handed to the blocking executor), and the id does not leak to the
 * pool thread's next, unrelated line.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestIdOnEveryThreadTest {

    private ApplicationContext context;
    private int port;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        port = FreePorts.next();
        context = ProctypeLauncher.start(SettingsLoader.load("worker", Map.of(
                "DECKHAND_ENV", "test", "PORT", String.valueOf(port),
                "DATABASE_URL", pg.databaseUrl(), "REDIS_URL", redis.redisUrl()), root),
                TestProctype.class, new String[0], Map.of("deckhand.schema-check", false));
        Logger probe = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(LogContextProbeController.class);
        lines.setContext(probe.getLoggerContext());
        lines.start();
        probe.setLevel(ch.qos.logback.classic.Level.INFO); // the test environment logs WARN and up
        probe.addAppender(lines);
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"event-loop", "execute-on", "hand-off"})
    void theLineCarriesTheRequestId(String route) throws Exception {
        for (int i = 0; i < 3; i++) { // several requests: pool threads get reused with another request's id
            String id = "req-" + route + "-" + i + "-0123456789";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/test/log-context/" + route)).header("X-Request-Id", id)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Request-Id")).hasValue(id);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines(route)).isNotEmpty());
            List<ILoggingEvent> mine = lines(route);
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).getMDCPropertyMap()).as(mine.get(0).getThreadName()).containsEntry("request_id", id);
            synchronized (lines) {
                lines.list.clear();
            }
        }
    }

    private List<ILoggingEvent> lines(String route) {
        synchronized (lines) {
            return lines.list.stream().filter(e -> e.getFormattedMessage().equals("probe " + route)).toList();
        }
    }
}
