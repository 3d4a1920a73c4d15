package dev.deckhand.runtime.logging;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request a {@code request_id} (from a well-formed inbound X-Request-Id, else a new
 * UUID), puts it in the log context and echoes it in the response.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIdFilter implements Ordered {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,128}");
    private static final String ATTRIBUTE = "deckhand.request_id";

    @RequestFilter
    public void assign(HttpRequest<?> request) {
        String inbound = request.getHeaders().get(HEADER);
        String id = inbound != null && SAFE.matcher(inbound).matches() ? inbound : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        MDC.put("request_id", id);
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, String.class).ifPresent(id -> response.header(HEADER, id));
        MDC.remove("request_id");
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
