package dev.deckhand.web.problem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * <p>The body is serialised (Jackson) into bytes here so that filters can short-circuit with it
 * without depending on which message body writers accept {@code application/problem+json}.
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        extensions.forEach((k, v) -> body.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem of strings, numbers and booleans always serialises", e);
        }
    }

    /** Jackson, escaping {@code < > &} as well, so a body sniffed as HTML carries no markup. */
    private static final ObjectMapper JSON = new ObjectMapper(new JsonFactory()
            .setCharacterEscapes(new HtmlSafeEscapes()));

    private static final class HtmlSafeEscapes extends CharacterEscapes {

        private final int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();

        HtmlSafeEscapes() {
            escapes['<'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['>'] = CharacterEscapes.ESCAPE_STANDARD;
            escapes['&'] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
