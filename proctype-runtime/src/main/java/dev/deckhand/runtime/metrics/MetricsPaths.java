package dev.deckhand.runtime.metrics;

import dev.deckhand.runtime.http.RequestPaths;

/**
 * Whether a raw request path means the Prometheus endpoint in any spelling a router might
 * accept: {@code /prometheus}, {@code /prometheus/}, {@code //prometheus}, {@code /%70rometheus},
 * {@code /PROMETHEUS}, {@code /x/../prometheus}, {@code /prometheus;a=b}, or anything below it.
 * Access rules key on this, never on an exact string, so no variant escapes them.
 */
public final class MetricsPaths {

    private static final String NAME = MetricsProperties.PATH.substring(1);

    private MetricsPaths() {
    }

    public static boolean isMetrics(String rawPath) {
        if (rawPath == null || (rawPath.indexOf('%') < 0 && !containsIgnoreCase(rawPath, NAME))) {
            return false; // the common case, without allocating
        }
        return NAME.equals(RequestPaths.segments(rawPath, true).peekFirst());
    }

    private static boolean containsIgnoreCase(String s, String part) {
        for (int i = 0; i + part.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }
}
