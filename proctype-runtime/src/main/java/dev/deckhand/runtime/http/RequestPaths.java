package dev.deckhand.runtime.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The segments a raw request path means to a lenient router, for access rules that must not be
 * escaped by another spelling of the same path: query dropped, percent-decoded (a '+' stays a
 * '+'), lowercase, backslashes as slashes, empty and "." segments dropped, ".." resolved. One
 * reading for the metrics guard (MetricsPaths) and the web's security filters (SecurityPaths).
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * The path's segments, in order. With {@code dropMatrixParams}, a segment's ";params" tail is
     * removed first ({@code /prometheus;a=b} is {@code prometheus}).
     */
    public static Deque<String> segments(String rawPath, boolean dropMatrixParams) {
        String p = rawPath == null ? "/" : rawPath;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        try {
            p = URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // malformed escapes: judge the raw text (the router will 400/404 it)
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String s : p.toLowerCase(Locale.ROOT).replace('\\', '/').split("/")) {
            int semicolon = dropMatrixParams ? s.indexOf(';') : -1;
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
        return segments;
    }
}
