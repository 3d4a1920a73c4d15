package dev.deckhand.http;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Step and OAuth calls (through {@link OutboundHttpMetrics#send}) are CLIENT spans sending traceparent only when tracing is on. */
class OutboundHttpTracingTest {

    private final List<Optional<String>> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("traceparent")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/step");
    }

    @AfterEach
    void stop() {
        Tracing.uninstall();
        server.stop(0);
    }

    private int call() throws Exception {
        return OutboundHttpMetrics.send("step", HttpClient.newHttpClient(), HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void enabledTheCallIsAClientSpanAndCarriesItsTraceparent() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        Tracing.install(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build());
        Span job = Tracing.start("job demo", SpanKind.CONSUMER, Context.root());
        try (Scope ignored = job.makeCurrent()) {
            assertThat(call()).isEqualTo(204);
        } finally {
            job.end();
        }
        SpanData client = exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertThat(client.getParentSpanId()).isEqualTo(job.getSpanContext().getSpanId());
        assertThat(received).containsExactly(Optional.of(
                "00-" + job.getSpanContext().getTraceId() + "-" + client.getSpanId() + "-01"));
    }

    @Test
    void disabledByDefaultNoTraceparentIsSent() throws Exception {
        assertThat(Tracing.enabled()).isFalse();
        assertThat(call()).isEqualTo(204);
        assertThat(received).containsExactly(Optional.empty());
    }
}
