package dev.deckhand.web.security;

import dev.deckhand.web.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ALLOWED_HOSTS validation of the Host the client addressed (Host, or X-Forwarded-Host /
 * Forwarded host from a trusted proxy). Rejects with 400 problem+json that never echoes the
 * offending value, which defeats host-header poisoning of password-reset links and caches.
 * Health probes and /prometheus are exempt (they come by pod IP).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class HostHeaderFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(HostHeaderFilter.class);

    private final SecuritySettings settings;
    private final ClientAddressResolver resolver;

    public HostHeaderFilter(SecuritySettings settings, ClientAddressResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> validate(HttpRequest<?> request) {
        if (SecurityPaths.isProbe(request.getPath())) {
            return null;
        }
        ClientAddress client = resolver.resolveClient(request);
        if (settings.allowedHosts().allows(client.host())) {
            return null;
        }
        // Logged for operators, truncated and JSON-encoded by the log encoder; never sent back.
        String shown = client.host() == null ? "(none)" : client.host().substring(0, Math.min(100, client.host().length()));
        LOG.warn("rejected request for host '{}' not in ALLOWED_HOSTS from {}", shown, client.ipText());
        return Problem.of(HttpStatus.BAD_REQUEST, "The requested host is not served here (see ALLOWED_HOSTS).")
                .toResponse();
    }

    @Override
    public int getOrder() {
        return SecurityFilterOrder.HOST;
    }
}
