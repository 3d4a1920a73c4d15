package dev.deckhand.http;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * Times every outbound call ({@value #NAME}, in Prometheus {@code deckhand_http_client_requests_seconds}
 * with histogram buckets) tagged {@code client} (who calls: {@code step}, {@code oauth}),
 * {@code method}, {@code host} (the account API or the provider: a handful per deployment),
 * {@code status} (the code, or {@code IO_ERROR} when no answer came) and {@code outcome}
 * (SUCCESS, REDIRECTION, CLIENT_ERROR, SERVER_ERROR, UNKNOWN). Never the path or query: they
 * carry ids and would make one series per user. Records to Micrometer's global registry, which a
 * running proctype feeds into {@code /prometheus} (runtime.metrics.GlobalRegistryBridge).
 * With tracing on (OTEL_TRACING_ENABLED) each call is also a CLIENT span and sends {@code traceparent}.
 */
public final class OutboundHttpMetrics {

    public static final String NAME = "deckhand.http.client.requests";

    private OutboundHttpMetrics() {
    }

    /** Sends {@code request} on {@code http}, timing it as a call by {@code client}. */
    public static <T> HttpResponse<T> send(String client, HttpClient http, HttpRequest request,
                                           HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        long start = System.nanoTime();
        String status = "IO_ERROR";
        try {
            HttpResponse<T> response = dev.deckhand.tracing.Tracing.send(http, request, body); // a client span when tracing is on
            status = String.valueOf(response.statusCode());
            return response;
        } finally {
            Timer.builder(NAME).description("Outbound HTTP calls (step calls, OAuth provider)")
                    .tag("client", client).tag("method", request.method())
                    .tag("host", String.valueOf(request.uri().getHost()).toLowerCase(Locale.ROOT))
                    .tag("status", status).tag("outcome", outcome(status))
                    .publishPercentileHistogram()
                    .register(Metrics.globalRegistry)
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    static String outcome(String status) {
        if (status.length() != 3 || !Character.isDigit(status.charAt(0))) {
            return "UNKNOWN";
        }
        return switch (status.charAt(0)) {
            case '2' -> "SUCCESS";
            case '3' -> "REDIRECTION";
            case '4' -> "CLIENT_ERROR";
            case '5' -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
