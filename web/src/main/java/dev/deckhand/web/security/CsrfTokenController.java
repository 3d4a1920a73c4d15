package dev.deckhand.web.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.Map;

/**
 * {@code GET /api/csrf-token}: {@code {"token": "..."}} for scripts, and the matching
 * {@code __Host-csrf} cookie when the browser does not have a valid one yet. Not cacheable.
 */
@Controller("/api/csrf-token")
public class CsrfTokenController {

    private final CsrfTokens tokens;

    public CsrfTokenController(CsrfTokens tokens) {
        this.tokens = tokens;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public HttpResponse<Map<String, String>> token(HttpRequest<?> request) {
        MutableHttpResponse<Map<String, String>> response = HttpResponse.ok();
        String token = tokens.tokenFor(request, response);
        return response.header("Cache-Control", "no-store").body(Map.of("token", token));
    }
}
