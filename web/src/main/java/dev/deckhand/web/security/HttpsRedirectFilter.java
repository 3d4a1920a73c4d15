package dev.deckhand.web.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * In staging and production, a plain-HTTP request (directly, or per a trusted proxy's
 * X-Forwarded-Proto / Forwarded proto) is answered with 301 to the same path on https. Runs after
 * {@link HostHeaderFilter}, so the Location host is an allowed one (no open redirect). Health
 * probes and /prometheus are exempt. HSTS itself is added by {@link SecurityHeadersFilter}.
 * A TLS-terminating proxy must be in TRUSTED_PROXIES and send X-Forwarded-Proto, or every
 * request looks like plain HTTP and is redirected again.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class HttpsRedirectFilter implements Ordered {

    private final SecuritySettings settings;
    private final ClientAddressResolver resolver;

    public HttpsRedirectFilter(SecuritySettings settings, ClientAddressResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> redirect(HttpRequest<?> request) {
        if (!settings.isDeployed() || SecurityPaths.isProbe(request.getPath())) {
            return null;
        }
        ClientAddress client = resolver.resolveClient(request);
        if (client.secure()) {
            return null;
        }
        String host = AllowedHosts.hostOf(client.host()).orElse(null);
        if (host == null) {
            return dev.deckhand.web.problem.Problem.of(HttpStatus.BAD_REQUEST, "Missing or invalid Host.").toResponse();
        }
        String target = "https://" + host + request.getUri().getRawPath()
                + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery());
        return HttpResponse.status(HttpStatus.MOVED_PERMANENTLY).header(HttpHeaders.LOCATION, target);
    }

    @Override
    public int getOrder() {
        return SecurityFilterOrder.HTTPS_REDIRECT;
    }
}
