package dev.deckhand.runtime.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Micronaut properties for metrics, merged into every proctype's context by ProctypeLauncher.
 *
 * <p>Contract: each proctype serves Prometheus text format at {@code GET /prometheus} on its own
 * PORT (the Helm chart's pod annotations and the nginx config rely on that path), with HTTP
 * server metrics ({@code http_server_requests_seconds}, with histogram buckets), JVM, process and pool metrics, all
 * tagged {@code proctype}. Every other management endpoint is off: {@code /health} belongs to
 * our HealthController, and endpoints such as env/beans/loggers could leak configuration.
 */
public final class MetricsProperties {

    /** Path the Prometheus endpoint is served on. */
    public static final String PATH = "/prometheus";

    private MetricsProperties() {
    }

    public static Map<String, Object> defaults() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("endpoints.all.enabled", false);
        p.put("endpoints.health.enabled", false);
        p.put("endpoints.prometheus.enabled", true);
        // Scraped by Prometheus inside the cluster; the public proxy (nginx, Ingress) does not route it.
        p.put("endpoints.prometheus.sensitive", false);
        p.put("micronaut.metrics.enabled", true);
        p.put("micronaut.metrics.export.prometheus.enabled", true);
        p.put("micronaut.metrics.export.prometheus.descriptions", true);
        p.put("micronaut.metrics.binders.web.enabled", true);
        // Buckets (http_server_requests_seconds_bucket) so Prometheus computes p50/p95/p99 by uri and
        // status across replicas with histogram_quantile; client-side percentiles could not be aggregated.
        p.put("micronaut.metrics.binders.web.server.histogram", true);
        p.put("micronaut.metrics.binders.jvm.enabled", true);
        p.put("micronaut.metrics.binders.uptime.enabled", true);
        p.put("micronaut.metrics.binders.processor.enabled", true);
        p.put("micronaut.metrics.binders.jdbc.enabled", true);
        return p;
    }
}
