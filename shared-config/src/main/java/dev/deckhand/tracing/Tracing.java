package dev.deckhand.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place Deckhand code touches OpenTelemetry (optional tracing, OTEL_TRACING_ENABLED,
 * off by default). Until {@link #install} is called (proctype-runtime's TracingSetup does it when
 * the setting is true) everything here is a no-op: no spans, no {@code traceparent} anywhere.
 * Propagation is W3C trace context only: web request → job hash field {@code traceparent} →
 * job span on the worker → {@code traceparent} header of outbound step calls.
 */
public final class Tracing {

    public static final String TRACEPARENT = "traceparent";
    private static final String SCOPE = "dev.deckhand";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static volatile OpenTelemetry otel = OpenTelemetry.noop();
    private static volatile boolean enabled;

    private Tracing() {
    }

    /** Turns tracing on for this process with {@code sdk} (an OpenTelemetrySdk). */
    public static void install(OpenTelemetry sdk) {
        otel = sdk;
        enabled = true;
    }

    /** Back to the no-op default (tests; process shutdown). */
    public static void uninstall() {
        enabled = false;
        otel = OpenTelemetry.noop();
    }

    public static boolean enabled() {
        return enabled;
    }

    public static Tracer tracer() {
        return otel.getTracerProvider().get(SCOPE);
    }

    /** The W3C traceparent of the current span, or null when tracing is off or no span is current. */
    public static String currentTraceparent() {
        if (!enabled || !Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> out = new HashMap<>(2);
        W3C.inject(Context.current(), out, Map::put);
        return out.get(TRACEPARENT);
    }

    /** The context a W3C traceparent (may be null or malformed: then the root context) names as parent. */
    public static Context parentFrom(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
    }

    /** Starts a span of {@code kind} under {@code parent}; the caller ends it. Invalid no-op span when off. */
    public static Span start(String name, SpanKind kind, Context parent) {
        return tracer().spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /**
     * Sends {@code request} on {@code http}; when tracing is on, inside a CLIENT span whose
     * traceparent the request carries. When off, exactly {@code http.send(request, body)}.
     */
    public static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        if (!enabled) {
            return http.send(request, body);
        }
        Span span = start("HTTP " + request.method(), SpanKind.CLIENT, Context.current());
        span.setAttribute("http.request.method", request.method());
        span.setAttribute("server.address", String.valueOf(request.uri().getHost()));
        try (Scope ignored = span.makeCurrent()) {
            HttpRequest.Builder traced = HttpRequest.newBuilder(request, (n, v) -> !n.equalsIgnoreCase(TRACEPARENT));
            W3C.inject(Context.current(), traced, HttpRequest.Builder::header);
            HttpResponse<T> response = http.send(traced.build(), body);
            span.setAttribute("http.response.status_code", response.statusCode());
            if (response.statusCode() >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            return response;
        } catch (IOException | RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
