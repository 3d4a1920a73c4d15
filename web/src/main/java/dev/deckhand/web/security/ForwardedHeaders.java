package dev.deckhand.web.security;

import io.micronaut.http.HttpHeaders;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parsing of {@code X-Forwarded-*} and RFC 7239 {@code Forwarded} headers. Pure functions: which
 * headers to believe is decided by {@link ClientAddressResolver}. Node addresses are literals only
 * (never DNS); anything else ({@code unknown}, obfuscated {@code _ids}, garbage) parses as empty.
 */
final class ForwardedHeaders {

    /** One {@code Forwarded} element: {@code for=...;proto=...;host=...}; absent parameters are null. */
    record Element(String forNode, String proto, String host) {
    }

    private ForwardedHeaders() {
    }

    /** Every comma-separated value of every occurrence of a header, in order, stripped. */
    static List<String> list(HttpHeaders headers, String name) {
        List<String> out = new ArrayList<>();
        for (String h : headers.getAll(name)) {
            for (String part : h.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** The last (nearest proxy's) value of a list header, if any. */
    static Optional<String> last(HttpHeaders headers, String name) {
        List<String> l = list(headers, name);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
    }

    static List<Element> forwarded(HttpHeaders headers) {
        List<Element> out = new ArrayList<>();
        for (String h : headers.getAll("Forwarded")) {
            for (String element : splitOutsideQuotes(h, ',')) {
                String forNode = null;
                String proto = null;
                String host = null;
                for (String pair : splitOutsideQuotes(element, ';')) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        continue;
                    }
                    String key = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    String value = unquote(pair.substring(eq + 1).strip());
                    switch (key) {
                        case "for" -> forNode = value;
                        case "proto" -> proto = value.toLowerCase(Locale.ROOT);
                        case "host" -> host = value;
                        default -> { }
                    }
                }
                out.add(new Element(forNode, proto, host));
            }
        }
        return out;
    }

    /**
     * A node from XFF or {@code Forwarded: for=}: {@code 192.0.2.1}, {@code 192.0.2.1:4711},
     * {@code 2001:db8::1}, {@code [2001:db8::1]:4711}.
     */
    static Optional<InetAddress> parseNode(String node) {
        if (node == null) {
            return Optional.empty();
        }
        String n = unquote(node.strip());
        if (n.startsWith("[")) {
            int close = n.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            n = n.substring(1, close);
        } else if (n.indexOf(':') >= 0 && n.indexOf(':') == n.lastIndexOf(':')) {
            n = n.substring(0, n.indexOf(':')); // IPv4 with port
        }
        return literal(n);
    }

    /** Only literal addresses: InetAddress.getByName would resolve names and accept "127.1". */
    static Optional<InetAddress> literal(String s) {
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.contains(":") && s.matches("[0-9a-fA-F:.]+");
        if (v4) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty();
                }
            }
        }
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == sep && !quoted) {
                out.add(cur.toString().strip());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
