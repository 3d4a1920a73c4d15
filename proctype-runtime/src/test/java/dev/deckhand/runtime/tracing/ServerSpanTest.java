package dev.deckhand.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.runtime.TestProctype;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.tracing.Tracing;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OTEL_TRACING_ENABLED=true on a real proctype: a request is served inside a SERVER span that
 * continues the inbound traceparent and is current on the event loop and on the blocking pool
 * (where an enqueue would pick it up), and the span reaches an OTLP/HTTP receiver stand-in at
 * OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSpanTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private ApplicationContext context;
    private HttpServer collector;
    private final List<byte[]> exported = new CopyOnWriteArrayList<>();
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) throws Exception {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            exchange.getRequestBody().transferTo(body);
            exported.add(body.toByteArray());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        port = FreePorts.next();
        context = ProctypeLauncher.start(SettingsLoader.load("worker", Map.of(
                "DECKHAND_ENV", "test", "PORT", String.valueOf(port),
                "DATABASE_URL", pg.databaseUrl(), "REDIS_URL", redis.redisUrl(),
                "OTEL_TRACING_ENABLED", "true",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort()), root),
                TestProctype.class, new String[0], Map.of("deckhand.schema-check", false));
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
        Tracing.uninstall();
        if (collector != null) {
            collector.stop(0);
        }
    }

    private HttpResponse<String> get(String route) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/test/tracing/" + route))
                .header("traceparent", PARENT).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"event-loop", "execute-on"})
    void theRequestIsServedInASpanThatContinuesTheInboundTrace(String route) throws Exception {
        HttpResponse<String> r = get(route);
        assertThat(r.statusCode()).isEqualTo(200);
        // Same trace, a new span (the server span), sampled.
        assertThat(r.body()).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01").isNotEqualTo(PARENT);
    }

    @Test
    void spansReachTheOtlpEndpoint() throws Exception {
        assertThat(get("event-loop").statusCode()).isEqualTo(200);
        byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
        await().atMost(Duration.ofSeconds(60)).until(() -> exported.stream().anyMatch(b -> contains(b, traceId)));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
