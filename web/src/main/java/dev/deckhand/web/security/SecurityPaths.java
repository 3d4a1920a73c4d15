package dev.deckhand.web.security;

import dev.deckhand.runtime.metrics.MetricsPaths;

import dev.deckhand.runtime.http.RequestPaths;

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
     * HTTP. {@code /prometheus}, in every spelling ({@link MetricsPaths}), is guarded by the
     * runtime's MetricsAccessFilter (private peers, no forwarding headers), which runs before
     * every filter here; so the same spellings get the same exemptions here.
     */
    public static boolean isProbe(String rawPath) {
        return isHealth(rawPath) || MetricsPaths.isMetrics(rawPath);
    }

    /**
     * A canonical form for prefix rules: percent-decoded, lowercase, duplicate slashes collapsed,
     * dot segments removed. Used so that {@code //API/%61dmin/./x} still counts as admin.
     */
    public static String canonical(String rawPath) {
        if (rawPath != null && isAlreadyCanonical(rawPath)) {
            return rawPath; // the common case (e.g. /api/jobs/<uuid>): nothing to decode or remove
        }
        return canonicalize(rawPath);
    }

    /** {@link #canonical} without the fast path (kept separate so tests can compare the two). */
    static String canonicalize(String rawPath) {
        StringBuilder out = new StringBuilder();
        for (String s : RequestPaths.segments(rawPath, false)) {
            out.append('/').append(s);
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /**
     * Whether {@link #canonical} would return the path unchanged, decided without allocating:
     * "/" alone, or a leading slash followed by non-empty segments of lowercase ASCII letters,
     * digits, '-' and '_' (no '%', '+', '.', '\\', '?', uppercase or empty segment, so no
     * decoding, lowercasing, dot segment or slash collapsing can apply).
     */
    static boolean isAlreadyCanonical(String path) {
        int n = path.length();
        if (n == 0 || path.charAt(0) != '/') {
            return false;
        }
        if (n == 1) {
            return true;
        }
        char previous = '/';
        for (int i = 1; i < n; i++) {
            char c = path.charAt(i);
            boolean segmentChar = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!segmentChar && !(c == '/' && previous != '/')) {
                return false;
            }
            previous = c;
        }
        return previous != '/';
    }

    /** Whether a canonical path is {@code prefix} itself or below it. */
    public static boolean under(String canonicalPath, String prefix) {
        return canonicalPath.equals(prefix) || canonicalPath.startsWith(prefix + "/");
    }
}
