package dev.deckhand.jobqueue.worker;

import dev.deckhand.jobqueue.redis.FetchedJob;
import dev.deckhand.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * The CONSUMER span of one job attempt, child of the enqueuer's span (the job hash's
 * {@code traceparent}), current on the job's thread while the handler runs so outbound calls
 * become its children. Does nothing when tracing is off.
 */
final class JobSpan {

    private static final JobSpan NONE = new JobSpan(null, null);

    private final Span span;
    private final Scope scope;

    private JobSpan(Span span, Scope scope) {
        this.span = span;
        this.scope = scope;
    }

    static JobSpan start(FetchedJob job) {
        if (!Tracing.enabled()) {
            return NONE;
        }
        Span span = Tracing.start("job " + job.type(), SpanKind.CONSUMER, Tracing.parentFrom(job.traceparent()));
        span.setAttribute("deckhand.job.id", job.id());
        span.setAttribute("deckhand.job.type", job.type());
        span.setAttribute("messaging.destination.name", job.queue());
        span.setAttribute("deckhand.job.attempt", job.attempt());
        return new JobSpan(span, span.makeCurrent());
    }

    /** Ends the span on the thread that started it; {@code failure} (may be null) marks it as an error. */
    void end(Throwable failure) {
        if (span == null) {
            return;
        }
        scope.close();
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }
}
