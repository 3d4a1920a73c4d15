package dev.deckhand.runtime.logging;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
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
 *
 * <p>The id travels in Micronaut's propagated context ({@link MdcPropagationContext}), not in a
 * thread's MDC: whichever thread serves the request (the event loop, an {@code @ExecuteOn} route
 * on the blocking pool, work handed to an executor bean, which micronaut-context-propagation
 * wraps) logs with it, and a pool thread's next, unrelated line does not.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIdFilter implements Ordered {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,128}");
    private static final String ATTRIBUTE = "deckhand.request_id";

    @RequestFilter
    public void assign(HttpRequest<?> request, MutablePropagatedContext context) {
        String inbound = request.getHeaders().get(HEADER);
        String id = inbound != null && SAFE.matcher(inbound).matches() ? inbound : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, id);
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        try {
            context.add(new MdcPropagationContext()); // a copy of the MDC as it is now
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, String.class).ifPresent(id -> response.header(HEADER, id));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
