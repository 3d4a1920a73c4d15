package dev.deckhand.web.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ALLOWED_HOSTS matching, Django style: exact names ({@code deckhand.example.com}), a leading dot
 * for a domain and all its subdomains ({@code .example.com}), {@code *} for any host (refused in
 * production by SettingsValidator), IPv6 literals in brackets. Ports are ignored. An empty list
 * allows only loopback names, so a misconfigured local run still works and nothing else does.
 */
public final class AllowedHosts {

    /** host[:port], host a DNS name or a bracketed IPv6 literal (Django's host_validation_re). */
    private static final Pattern HOST = Pattern.compile("^([a-z0-9.-]+|\\[[a-f0-9]*:[a-f0-9.:]+])(:\\d+)?$");
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

    private final List<String> patterns;

    private AllowedHosts(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    public static AllowedHosts parse(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (!p.isEmpty()) {
                out.add(p.endsWith(".") ? p.substring(0, p.length() - 1) : p);
            }
        }
        return new AllowedHosts(out.isEmpty() ? LOOPBACK : out);
    }

    /**
     * The host name (lowercase, without port, IPv6 in brackets) of a Host-style value, or empty
     * when it is syntactically invalid.
     */
    public static Optional<String> hostOf(String hostHeader) {
        if (hostHeader == null) {
            return Optional.empty();
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        var m = HOST.matcher(h);
        if (!m.matches()) {
            return Optional.empty();
        }
        String host = m.group(1);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    /** Whether a Host header value (with or without port) names an allowed host. */
    public boolean allows(String hostHeader) {
        return hostOf(hostHeader).map(this::allowsName).orElse(false);
    }

    private boolean allowsName(String host) {
        for (String p : patterns) {
            if (p.equals("*") || p.equals(host)
                    || p.startsWith(".") && (host.endsWith(p) || host.equals(p.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
