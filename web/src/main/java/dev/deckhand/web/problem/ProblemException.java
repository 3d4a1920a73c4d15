package dev.deckhand.web.problem;

import io.micronaut.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Throw from a controller or service to answer with a problem+json response. The detail is
 * client-visible: keep it free of secrets and of unvalidated request input. Extra response
 * headers (e.g. {@code Retry-After}) may be attached.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Map<String, String> headers;

    public ProblemException(HttpStatus status, String detail) {
        this(Problem.of(status, detail), Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(new LinkedHashMap<>(headers));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
