package dev.deckhand.web.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.DefaultHttpHostResolver;
import io.micronaut.http.server.util.HttpHostResolver;
import jakarta.inject.Singleton;

/**
 * {@code scheme://host[:port]} the client used, for building absolute URLs (OAuth callbacks,
 * links in e-mails). Replaces Micronaut's default, which believes Forwarded/X-Forwarded-* from
 * any peer. Built from {@link ClientAddress} (forwarding headers only from TRUSTED_PROXIES) and
 * only ever names a host allowed by ALLOWED_HOSTS; otherwise {@code http://localhost}.
 */
@Singleton
@Replaces(DefaultHttpHostResolver.class)
public class TrustedHostResolver implements HttpHostResolver {

    private final ClientAddressResolver resolver;
    private final AllowedHosts allowedHosts;

    public TrustedHostResolver(ClientAddressResolver resolver, SecuritySettings settings) {
        this.resolver = resolver;
        this.allowedHosts = settings.allowedHosts();
    }

    @Override
    public String resolve(HttpRequest request) {
        ClientAddress client = resolver.resolveClient(request);
        if (client.host() == null || !allowedHosts.allows(client.host())) {
            return "http://localhost";
        }
        String host = client.host().strip().toLowerCase(java.util.Locale.ROOT);
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        int defaultPort = client.secure() ? 443 : 80;
        if (!hasPort && client.port() > 0 && client.port() != defaultPort) {
            host = host + ":" + client.port();
        }
        return client.scheme() + "://" + host;
    }
}
