package dev.deckhand.runtime.metrics;

import dev.deckhand.config.net.Cidr;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.net.InetAddress;
import java.util.List;

/**
 * Keeps {@code /prometheus} (in every spelling, see {@link MetricsPaths}: a trailing slash,
 * doubled slashes, percent-encoding, case, dot segments) for in-cluster / on-host scrapers: answers 404 when the request came
 * through a reverse proxy or load balancer (any forwarding header present: nginx, ALB and
 * ingress controllers all add one) or when the TCP peer is not a private, loopback, link-local
 * or carrier-grade-NAT address. Prometheus scrapes pods directly, so it passes; a client on the
 * internet reaching the web port through the Ingress does not. 404, not 403: nothing to probe.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class MetricsAccessFilter implements Ordered {

    private static final List<String> FORWARDING_HEADERS =
            List.of("X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-IP");
    private static final List<Cidr> PRIVATE = Cidr.parseList(
            "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,::1/128,fc00::/7,fe80::/10");

    @RequestFilter
    @Nullable
    public HttpResponse<?> restrict(HttpRequest<?> request) {
        if (!MetricsPaths.isMetrics(request.getPath())) {
            return null;
        }
        for (String header : FORWARDING_HEADERS) {
            if (request.getHeaders().contains(header)) {
                return HttpResponse.notFound();
            }
        }
        InetAddress peer = request.getRemoteAddress().getAddress();
        if (peer == null || !Cidr.anyContains(PRIVATE, peer)) {
            return HttpResponse.notFound();
        }
        return null;
    }

    @Override
    public int getOrder() {
        // Before any application filter (auth walls, host checks) gets to answer.
        return HIGHEST_PRECEDENCE + 10;
    }
}
