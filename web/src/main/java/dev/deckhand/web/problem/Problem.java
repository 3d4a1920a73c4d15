package dev.deckhand.web.problem;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). Every error the web tier sends
 * is one of these. {@code detail} is shown to clients, so it must never contain stack traces,
 * secrets or reflected request input (e.g. a rejected Host header).
 *
 * <p>The body is serialised by hand into bytes so that filters can short-circuit with it without
 * depending on which message body writers accept {@code application/problem+json}.
 */
public record Problem(int status, String title, String detail, Map<String, Object> extensions) {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final MediaType MEDIA_TYPE = MediaType.of(CONTENT_TYPE);

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static Problem of(HttpStatus status, String detail) {
        return new Problem(status.getCode(), status.getReason(), detail, Map.of());
    }

    /** Adds an extension member (e.g. {@code request_id}); values are strings, numbers or booleans. */
    public Problem with(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extensions);
        m.put(name, value);
        return new Problem(status, title, detail, m);
    }

    /** A ready-to-send response: status, problem+json content type and body. */
    public MutableHttpResponse<byte[]> toResponse() {
        return HttpResponse.<byte[]>status(HttpStatus.valueOf(status))
                .contentType(MEDIA_TYPE)
                .body(toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes this problem into an existing (error) response. */
    @SuppressWarnings("unchecked")
    public <T> MutableHttpResponse<T> applyTo(MutableHttpResponse<?> response) {
        MutableHttpResponse<Object> r = (MutableHttpResponse<Object>) response;
        r.status(status);
        r.contentType(MEDIA_TYPE);
        r.body(toJson().getBytes(StandardCharsets.UTF_8));
        return (MutableHttpResponse<T>) r;
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder(128).append('{');
        sb.append("\"type\":\"about:blank\"");
        sb.append(",\"title\":").append(quote(title));
        sb.append(",\"status\":").append(status);
        if (detail != null) {
            sb.append(",\"detail\":").append(quote(detail));
        }
        extensions.forEach((k, v) -> {
            sb.append(',').append(quote(k)).append(':');
            sb.append(v instanceof Number || v instanceof Boolean ? v.toString() : quote(String.valueOf(v)));
        });
        return sb.append('}').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
