package dev.deckhand.web.security;

import dev.deckhand.config.net.Cidr;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.DefaultHttpClientAddressResolver;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The true client address of a request. Forwarding headers are believed only when the socket
 * peer is in {@code TRUSTED_PROXIES}; the chain is then walked right to left (nearest hop first),
 * skipping addresses that are themselves trusted proxies, and the first untrusted address is the
 * client. A client can prepend anything it likes to X-Forwarded-For, but it cannot change what
 * the trusted proxies appended, so this cannot be spoofed (unlike the leftmost-XFF rule of
 * Micronaut's default resolver, which this replaces app-wide).
 *
 * <p>Only ONE header family is read: the one FORWARDED_HEADER says the proxies write. Proxies
 * that append to X-Forwarded-For (ALB, ingress-nginx, the Heroku router) pass a client's own
 * {@code Forwarded} header through untouched, so believing both would let a client pick its
 * address ({@code Forwarded: for=10.1.2.3} reaching admin routes). With {@code forwarded}, the
 * client is taken from RFC 7239 elements, and proto/host from the same element; with
 * {@code x-forwarded-for}, Proto/Host/Port are the last (nearest trusted proxy's) values.
 */
@Singleton
@Replaces(DefaultHttpClientAddressResolver.class)
public class ClientAddressResolver implements HttpClientAddressResolver {

    private final List<Cidr> trustedProxies;
    private final boolean rfc7239;

    public ClientAddressResolver(SecuritySettings settings) {
        this.trustedProxies = settings.trustedProxies();
        this.rfc7239 = settings.rfc7239Forwarded();
    }

    /** Micronaut's contract: the client IP as text. */
    @Override
    public String resolve(HttpRequest request) {
        return resolveClient(request).ipText();
    }

    /** Resolves (once, cached in the request attribute {@link ClientAddress#ATTRIBUTE}). */
    public ClientAddress resolveClient(HttpRequest<?> request) {
        Optional<ClientAddress> cached = ClientAddress.of(request);
        if (cached.isPresent()) {
            return cached.get();
        }
        ClientAddress resolved = compute(request);
        request.setAttribute(ClientAddress.ATTRIBUTE, resolved);
        return resolved;
    }

    public boolean isTrustedProxy(InetAddress address) {
        return Cidr.anyContains(trustedProxies, address);
    }

    private ClientAddress compute(HttpRequest<?> request) {
        InetAddress peer = request.getRemoteAddress().getAddress();
        String directScheme = request.isSecure() ? "https" : "http";
        HttpHeaders headers = request.getHeaders();
        String hostHeader = headers.get(HttpHeaders.HOST);
        if (peer == null || !isTrustedProxy(peer)) {
            return new ClientAddress(peer == null ? InetAddress.getLoopbackAddress() : peer, directScheme,
                    hostHeader, -1, false);
        }
        if (rfc7239) {
            List<ForwardedHeaders.Element> elements = ForwardedHeaders.forwarded(headers);
            if (elements.isEmpty()) {
                return new ClientAddress(peer, directScheme, hostHeader, -1, true);
            }
            InetAddress client = peer;
            ForwardedHeaders.Element chosen = elements.get(elements.size() - 1);
            for (int i = elements.size() - 1; i >= 0; i--) {
                Optional<InetAddress> hop = ForwardedHeaders.parseNode(elements.get(i).forNode());
                if (hop.isEmpty()) {
                    break; // unknown/obfuscated/garbage: the client is the last hop we could verify
                }
                chosen = elements.get(i);
                client = hop.get();
                if (!isTrustedProxy(client)) {
                    break;
                }
            }
            String scheme = "https".equals(chosen.proto()) || "http".equals(chosen.proto()) ? chosen.proto() : directScheme;
            return new ClientAddress(client, scheme, chosen.host() != null ? chosen.host() : hostHeader, -1, true);
        }
        InetAddress client = peer;
        List<String> xff = ForwardedHeaders.list(headers, "X-Forwarded-For");
        for (int i = xff.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = ForwardedHeaders.parseNode(xff.get(i));
            if (hop.isEmpty()) {
                break;
            }
            client = hop.get();
            if (!isTrustedProxy(client)) {
                break;
            }
        }
        String scheme = ForwardedHeaders.last(headers, "X-Forwarded-Proto").map(String::toLowerCase)
                .filter(p -> p.equals("https") || p.equals("http")).orElse(directScheme);
        String host = ForwardedHeaders.last(headers, "X-Forwarded-Host").orElse(hostHeader);
        int port = ForwardedHeaders.last(headers, "X-Forwarded-Port").filter(p -> p.matches("\\d{1,5}"))
                .map(Integer::parseInt).filter(p -> p > 0 && p < 65536).orElse(-1);
        return new ClientAddress(client, scheme, host, port, true);
    }
}
