package dev.deckhand.web.security;

import dev.deckhand.runtime.metrics.MetricsProperties;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Path predicates shared by the security filters. */
public final class SecurityPaths {

    private SecurityPaths() {
    }

    /**
     * Health probes ({@code /health}, {@code /health/readiness}): exempt from Host validation,
     * HTTPS redirect and the auth wall, because load balancers and kubelets call them by IP over
     * plain HTTP. Exact match on the raw path so that the exemption cannot be widened by tricks.
     */
    public static boolean isHealth(String rawPath) {
        return "/health".equals(rawPath) || "/health/readiness".equals(rawPath);
    }

    /**
     * Health probes and the Prometheus endpoint: infrastructure that calls pods by IP over plain
     * HTTP. {@code /prometheus} is guarded by the runtime's MetricsAccessFilter (private peers,
     * no forwarding headers), which runs before every filter here.
     */
    public static boolean isProbe(String rawPath) {
        return isHealth(rawPath) || MetricsProperties.PATH.equals(rawPath);
    }

    /**
     * A canonical form for prefix rules: percent-decoded, lowercase, duplicate slashes collapsed,
     * dot segments removed. Used so that {@code //API/%61dmin/./x} still counts as admin.
     */
    public static String canonical(String rawPath) {
        String p = rawPath == null ? "/" : rawPath;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        try {
            p = URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // malformed escapes: keep the raw text, the router will 400/404 it
        }
        p = p.toLowerCase(Locale.ROOT).replace('\\', '/');
        StringBuilder out = new StringBuilder();
        java.util.Deque<String> segments = new java.util.ArrayDeque<>();
        for (String s : p.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(s);
            }
        }
        for (String s : segments) {
            out.append('/').append(s);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** Whether a canonical path is {@code prefix} itself or below it. */
    public static boolean under(String canonicalPath, String prefix) {
        return canonicalPath.equals(prefix) || canonicalPath.startsWith(prefix + "/");
    }
}
