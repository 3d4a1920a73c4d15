package dev.deckhand.web.problem;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Collectors;

/**
 * Turns every framework-generated error (unknown route, bad JSON, body too large, wrong method,
 * unhandled exception) into problem+json. Replaces Micronaut's default processor, which answers
 * 500s with "Internal Server Error: " plus the exception message.
 *
 * <p>Contract: a 5xx never carries the exception message or stack trace, except when
 * {@code DEBUG=true} and {@code DECKHAND_ENV=local} (a developer's machine). Every problem carries
 * the {@code request_id} so a report can be matched with the server log.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    /** Same attribute name as dev.deckhand.runtime.logging.RequestIdFilter. */
    static final String REQUEST_ID_ATTRIBUTE = "deckhand.request_id";
    private static final int MAX_DETAIL = 300;

    private final boolean verbose;
    private final long maxRequestSize;

    public ProblemErrorResponseProcessor(ResolvedSettings settings, HttpServerConfiguration server) {
        this.verbose = settings.value(SettingsCatalog.DEBUG) && "local".equals(settings.environment());
        this.maxRequestSize = server.getMaxRequestSize();
    }

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int code = response.code();
        HttpStatus status = statusOf(code);
        Problem problem = new Problem(code, status == null ? "Error" : status.getReason(), detail(code, context), null);
        var requestId = context.getRequest().getAttribute(REQUEST_ID_ATTRIBUTE, String.class);
        if (requestId.isPresent()) {
            problem = problem.with("request_id", requestId.get());
        }
        if (verbose && code >= 500 && context.getRootCause().isPresent()) {
            Throwable t = context.getRootCause().get();
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            problem = problem.with("exception", t.toString()).with("stack_trace", trace.toString());
        }
        return problem.applyTo(response);
    }

    private String detail(int code, ErrorContext context) {
        if (code >= 500) {
            return "An unexpected error occurred; quote the request_id when reporting it.";
        }
        if (code == 404) {
            return "No resource exists at this path.";
        }
        if (code == 405) {
            return "This method is not allowed on this resource.";
        }
        if (code == 413) {
            return "The request body exceeds the limit of " + maxRequestSize + " bytes.";
        }
        if (code == 400 && context.getRootCause().map(ProblemErrorResponseProcessor::isBodySyntaxError).orElse(false)) {
            return "The request body is malformed or does not match the expected JSON.";
        }
        if (!context.hasErrors()) {
            return null;
        }
        String joined = context.getErrors().stream().limit(5).map(Error::getMessage)
                .map(m -> m == null ? "" : m.replaceAll("\\s+", " ").strip())
                .collect(Collectors.joining("; "));
        return joined.length() > MAX_DETAIL ? joined.substring(0, MAX_DETAIL) + "..." : joined;
    }

    /** Parse/binding failures of the body: their messages quote the input and parser internals. */
    static boolean isBodySyntaxError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String n = c.getClass().getName();
            if (n.contains("Json") || n.contains("Serde") || n.contains("Codec")) {
                return true;
            }
        }
        return false;
    }

    private static HttpStatus statusOf(int code) {
        try {
            return HttpStatus.valueOf(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
