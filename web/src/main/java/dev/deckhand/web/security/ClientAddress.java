package dev.deckhand.web.security;

import io.micronaut.http.HttpRequest;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Who really sent a request and how: the client IP, the scheme and Host the client used, after
 * applying forwarding headers only from {@code TRUSTED_PROXIES}. Resolved once per request by
 * {@link ClientAddressResolver} and stored in the request attribute {@link #ATTRIBUTE}; read it
 * with {@link #of(HttpRequest)} once the resolver has run (every security filter ensures that).
 *
 * @param ip              the true client IP (the socket peer unless a trusted proxy said otherwise)
 * @param scheme          {@code http} or {@code https} as seen by the client
 * @param host            the Host the client addressed (may include a port), or null when absent
 * @param port            the port the client addressed per X-Forwarded-Port, or -1 when unknown
 * @param viaTrustedProxy whether the socket peer is a trusted proxy whose headers were applied
 */
public record ClientAddress(InetAddress ip, String scheme, String host, int port, boolean viaTrustedProxy) {

    /** Request attribute holding the resolved {@link ClientAddress}. */
    public static final String ATTRIBUTE = "deckhand.client_address";

    public boolean secure() {
        return "https".equals(scheme);
    }

    /** The IP as text without brackets or scope, e.g. {@code 203.0.113.9} or {@code 2001:db8::1}. */
    public String ipText() {
        String s = ip.getHostAddress();
        int scope = s.indexOf('%');
        return scope >= 0 ? s.substring(0, scope) : s;
    }

    /**
     * The client as rate limits count it: the IPv4 address, or the /64 of an IPv6 address (one
     * subscriber line or host usually gets a whole /64, so counting single IPv6 addresses would
     * hand a client 2^64 buckets).
     */
    public String rateLimitKey() {
        byte[] a = ip.getAddress();
        if (a.length != 16) {
            return ipText();
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            key.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
        }
        return key.append(":/64").toString();
    }

    /** The resolved address of a request, if {@link ClientAddressResolver} has run for it. */
    public static Optional<ClientAddress> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, ClientAddress.class);
    }
}
