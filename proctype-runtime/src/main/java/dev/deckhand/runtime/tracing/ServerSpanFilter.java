package dev.deckhand.runtime.tracing;

import dev.deckhand.tracing.Tracing;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * With tracing on: one SERVER span per HTTP request, child of an inbound W3C {@code traceparent},
 * named {@code METHOD route-template} at the end (never the raw path: it carries ids). The span is
 * current wherever Micronaut runs the request (event loop, blocking pool) because it travels in the
 * propagated context, like RequestIdFilter's MDC, so an enqueue inside the request records it as
 * the job's parent. With tracing off both methods return at once.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ServerSpanFilter implements Ordered {

    private static final String ATTRIBUTE = "deckhand.server_span";

    @RequestFilter
    public void start(HttpRequest<?> request, MutablePropagatedContext context) {
        if (!Tracing.enabled()) {
            return;
        }
        Span span = Tracing.start("HTTP " + request.getMethodName(), SpanKind.SERVER,
                Tracing.parentFrom(request.getHeaders().get(Tracing.TRACEPARENT)));
        span.setAttribute("http.request.method", request.getMethodName());
        request.setAttribute(ATTRIBUTE, span);
        context.add(new OtelElement(Context.root().with(span)));
    }

    @ResponseFilter
    public void end(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, Span.class).ifPresent(span -> {
            BasicHttpAttributes.getUriTemplate(request).ifPresent(route -> {
                span.updateName(request.getMethodName() + " " + route);
                span.setAttribute("http.route", route);
            });
            span.setAttribute("http.response.status_code", response.code());
            if (response.code() >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        });
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 1; // right after RequestIdFilter
    }

    /** Makes the OpenTelemetry context current on whichever thread Micronaut resumes the request. */
    record OtelElement(Context otel) implements ThreadPropagatedContextElement<Scope> {
        @Override
        public Scope updateThreadContext() {
            return otel.makeCurrent();
        }

        @Override
        public void restoreThreadContext(Scope scope) {
            scope.close();
        }
    }
}
