package dev.deckhand.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.runtime.errors.SentryErrorReporting;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** SENTRY_DSN set: ERROR events reach the Sentry endpoint; unset: nothing is sent. */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SentryErrorReportingTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer sentry;
    private ApplicationContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        if (sentry != null) {
            sentry.stop(0);
        }
    }

    private ApplicationContext start(TestPostgres pg, TestRedis redis, Path root, Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DECKHAND_ENV", "test",
                "PORT", String.valueOf(FreePorts.next()), "DATABASE_URL", pg.databaseUrl(), "REDIS_URL", redis.redisUrl()));
        env.putAll(extra);
        return ProctypeLauncher.start(SettingsLoader.load("worker", env, root), TestProctype.class, new String[0],
                Map.of("deckhand.schema-check", false));
    }

    /** A stand-in Sentry ingestion endpoint that records every envelope it is sent. */
    private String startFakeSentry() throws IOException {
        sentry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sentry.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body)) : new ByteArrayInputStream(body)) {
                received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sentry.start();
        return "http://publickey@127.0.0.1:" + sentry.getAddress().getPort() + "/1";
    }

    @Test
    void errorLogEventsAreSentWhenSentryDsnIsSet(TestPostgres pg, TestRedis redis, @TempDir Path root) throws IOException {
        context = start(pg, redis, root, Map.of("SENTRY_DSN", startFakeSentry()));
        assertThat(context.getBean(SentryErrorReporting.class).enabled()).isTrue();
        LoggerFactory.getLogger("dev.deckhand.sentry-test").error("sentry-test-marker-7f3a",
                new IllegalStateException("boom"));
        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                .anyMatch(e -> e.contains("sentry-test-marker-7f3a") && e.contains("IllegalStateException")));
        assertThat(received).anyMatch(e -> e.contains("\"proctype\":\"worker\""));
    }

    @Test
    void nothingIsSentWithoutSentryDsn(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        context = start(pg, redis, root, Map.of());
        assertThat(context.getBean(SentryErrorReporting.class).enabled()).isFalse();
    }
}
