package dev.deckhand.jobqueue.micronaut;

import dev.deckhand.config.ProcessIdentity;
import com.sun.net.httpserver.HttpServer;
import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.testsupport.Clients;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.tracing.Tracing;
import io.micronaut.context.ApplicationContext;
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
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Optional tracing end to end on real Redis: a span current at enqueue → the job's CONSUMER span
 * (same trace, that span as parent) on a WorkerRuntime worker → the outbound call's CLIENT span,
 * whose traceparent the called server receives. Off (the default): no traceparent anywhere.
 */
@ExtendWith(RedisExtension.class)
class TracingPropagationTest {

    private final List<Optional<String>> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String url;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/echo", exchange -> {
            received.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("traceparent")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/echo";
    }

    @AfterEach
    void stop() {
        Tracing.uninstall();
        server.stop(0);
    }

    private static ApplicationContext worker(RedisClient redis) {
        return ApplicationContext.builder()
                .deduceEnvironment(false)
                .properties(Map.of("deckhand.proctype", "worker-short",
                        "jobqueue.test.traced-handler", "true"))
                .singletons(redis, new ProcessIdentity("worker-short", "test"),
                        new QueueSettings(QueueSettings.parseQueues("short=2"), Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .start();
    }

    private static OpenTelemetrySdk sdk(InMemorySpanExporter exporter) {
        return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    }

    @Test
    void enabledTheJobSpanIsAChildOfTheEnqueuingSpanAndTheStepCallCarriesTheTrace(TestRedis r) {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        Tracing.install(sdk(exporter));
        try (RedisClient redis = Clients.pooled(r.redisUrl(), 16)) {
            redis.flushDB();
            try (ApplicationContext ctx = worker(redis)) {
                Span request = Tracing.start("POST /api/runs", SpanKind.SERVER, Context.root());
                String id;
                try (Scope ignored = request.makeCurrent()) {
                    id = ctx.getBean(JobEnqueuer.class).enqueue(EnqueueRequest.of("test.traced-call", Map.of("url", url)));
                } finally {
                    request.end();
                }
                String traceId = request.getSpanContext().getTraceId();
                JobQueueAdmin admin = ctx.getBean(JobQueueAdmin.class);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> admin.state(id).orElse("").equals("succeeded"));
                await().atMost(Duration.ofSeconds(30)).until(() -> span(exporter, "job test.traced-call").isPresent()
                        && span(exporter, "HTTP GET").isPresent());

                SpanData job = span(exporter, "job test.traced-call").orElseThrow();
                assertThat(job.getKind()).isEqualTo(SpanKind.CONSUMER);
                assertThat(job.getTraceId()).isEqualTo(traceId);
                assertThat(job.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
                assertThat(job.getAttributes().asMap().values()).contains(id);

                SpanData call = span(exporter, "HTTP GET").orElseThrow();
                assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(call.getTraceId()).isEqualTo(traceId);
                assertThat(call.getParentSpanId()).isEqualTo(job.getSpanId());

                assertThat(received).hasSize(1);
                assertThat(received.get(0)).hasValue("00-" + traceId + "-" + call.getSpanId() + "-01");
            }
        }
    }

    @Test
    void disabledByDefaultNoTraceparentIsAddedEvenWhenSomeSpanIsCurrent(TestRedis r) {
        assertThat(Tracing.enabled()).isFalse();
        // A span from an SDK Deckhand did not install (another library's): Deckhand must not propagate it.
        InMemorySpanExporter foreign = InMemorySpanExporter.create();
        Span other = sdk(foreign).getTracer("other").spanBuilder("other").startSpan();
        try (RedisClient redis = Clients.pooled(r.redisUrl(), 16)) {
            redis.flushDB();
            try (ApplicationContext ctx = worker(redis)) {
                String id;
                try (Scope ignored = other.makeCurrent()) {
                    assertThat(Tracing.currentTraceparent()).isNull();
                    id = ctx.getBean(JobEnqueuer.class).enqueue(EnqueueRequest.of("test.traced-call", Map.of("url", url)));
                } finally {
                    other.end();
                }
                JobQueueAdmin admin = ctx.getBean(JobQueueAdmin.class);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> admin.state(id).orElse("").equals("succeeded"));
                assertThat(received).containsExactly(Optional.empty());
                assertThat(foreign.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("other");
            }
        }
    }

    private static Optional<SpanData> span(InMemorySpanExporter exporter, String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst();
    }
}
