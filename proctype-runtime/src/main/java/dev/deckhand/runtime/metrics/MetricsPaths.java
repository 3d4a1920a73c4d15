package dev.deckhand.runtime.metrics;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

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
        String p = rawPath;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        try {
            p = URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // malformed escapes: judge the raw text
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String s : p.toLowerCase(Locale.ROOT).replace('\\', '/').split("/")) {
            int semicolon = s.indexOf(';');
            String segment = semicolon >= 0 ? s.substring(0, semicolon) : s;
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return NAME.equals(segments.peekFirst());
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
