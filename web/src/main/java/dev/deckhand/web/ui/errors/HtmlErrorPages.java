package dev.deckhand.web.ui.errors;

import dev.deckhand.web.problem.Problem;
import dev.deckhand.web.security.SecurityFilterOrder;
import dev.deckhand.web.security.SecurityPaths;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Browsers get error pages, API clients problem+json. Every error of the web tier is a
 * problem+json response first (controllers, {@code ProblemErrorResponseProcessor} for framework
 * errors, the security filters' rejections); this response filter turns one into an HTML page in
 * the site's layout ({@link ErrorPage}, {@code views/error.mustache}) when the request is a browser's: {@code Accept}
 * names {@code text/html} and the path is not under {@code /api} (or {@code /ws}). Status and
 * headers (Retry-After, Set-Cookie, ...) stay as they were.
 *
 * <p>It sits just inside SecurityHeadersFilter (so that one sees an HTML response and sends the
 * HTML CSP) and outside every other filter (so rejections by Host, subnet, rate-limit and CSRF
 * checks are covered). The page shows the problem's detail for 4xx (client-safe by the
 * {@link Problem} contract) and, for 5xx, only a fixed text and the request id. It needs no
 * database: the navigation is the products link alone, the page carries no form.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class HtmlErrorPages implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(HtmlErrorPages.class);
    /** Same attribute as dev.deckhand.runtime.logging.RequestIdFilter and ProblemErrorResponseProcessor. */
    static final String REQUEST_ID_ATTRIBUTE = "deckhand.request_id";

    private final JsonMapper json;
    private final Pages pages;

    public HtmlErrorPages(JsonMapper json, Pages pages) {
        this.json = json;
        this.pages = pages;
    }

    /** Heading and default message per status; the detail of a 4xx problem replaces the message. */
    record Text(String heading, String message) {
    }

    static Text textFor(int status) {
        return switch (status) {
            case 400 -> new Text("Bad request", "The request could not be understood.");
            case 401 -> new Text("Sign-in required", "This site needs credentials.");
            case 403 -> new Text("Forbidden", "You are not allowed to open this page.");
            case 404 -> new Text("Page not found", "There is no page at this address.");
            case 405 -> new Text("Method not allowed", "This page cannot be used this way.");
            case 413 -> new Text("Too large", "What you sent is larger than the site accepts.");
            case 429 -> new Text("Too many requests", "Please wait a moment and try again.");
            default -> status >= 500
                    ? new Text("Something went wrong", "An unexpected error occurred on our side. Please try again; "
                    + "if it keeps happening, tell the operators the request id below.")
                    : new Text("Request refused", "The request could not be completed.");
        };
    }

    @ResponseFilter
    public void toHtml(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() < 400 || !isProblem(response) || !isBrowserPage(request)) {
            return;
        }
        int status = response.code();
        Text text = textFor(status);
        String message = text.message();
        if (status < 500 && status != 404 && status != 405) {
            String detail = detailOf(response);
            if (detail != null && !detail.isBlank()) {
                message = detail;
            }
        }
        String requestId = request.getAttribute(REQUEST_ID_ATTRIBUTE, String.class)
                .orElseGet(() -> response.getHeaders().get("X-Request-Id"));
        ErrorPage page = new ErrorPage(status, text.heading(), message, Optional.ofNullable(requestId));
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Object> r = (MutableHttpResponse<Object>) response;
        r.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        r.contentType(Pages.HTML);
        r.header(HttpHeaders.CACHE_CONTROL, "no-store");
        r.body(pages.plainPage(text.heading(), "error", page).html()
                .getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isProblem(MutableHttpResponse<?> response) {
        return response.getContentType().map(t -> Problem.CONTENT_TYPE.equals(t.getName())).orElse(false);
    }

    /** A browser navigating to a page: it asks for HTML, and the path is not an API or socket path. */
    static boolean isBrowserPage(HttpRequest<?> request) {
        String accept = String.join(",", request.getHeaders().getAll(HttpHeaders.ACCEPT));
        if (!accept.toLowerCase().contains("text/html")) {
            return false;
        }
        String path = SecurityPaths.canonical(request.getPath());
        return !SecurityPaths.under(path, "/api") && !SecurityPaths.under(path, "/ws");
    }

    private String detailOf(MutableHttpResponse<?> response) {
        Object body = response.getBody().orElse(null);
        byte[] bytes = body instanceof byte[] b ? b : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
        if (bytes == null) {
            return null;
        }
        try {
            Object detail = json.readValue(bytes, Map.class).get("detail");
            return detail == null ? null : detail.toString();
        } catch (IOException | RuntimeException e) {
            LOG.debug("problem body not readable: {}", e.toString());
            return null;
        }
    }

    @Override
    public int getOrder() {
        return SecurityFilterOrder.HEADERS + 50;
    }
}
