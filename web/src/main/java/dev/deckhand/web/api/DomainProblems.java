package dev.deckhand.web.api;

import dev.deckhand.catalogue.CatalogueInUseException;
import dev.deckhand.credentials.ReconnectRequiredException;
import dev.deckhand.oauth.InvalidFlowException;
import dev.deckhand.oauth.OAuthException;
import dev.deckhand.runs.NotFoundException;
import dev.deckhand.runs.QueueFullException;
import dev.deckhand.runs.RunNotAllowedException;
import dev.deckhand.web.problem.Problem;
import dev.deckhand.web.problem.ProblemException;
import io.micronaut.http.HttpStatus;

import java.util.Map;

/**
 * Domain exceptions as problem+json. Their messages are written for users and hold no secrets
 * (OAuthException carries only status and error code), so they can be the detail.
 */
public final class DomainProblems {

    private DomainProblems() {
    }

    public static RuntimeException translate(RuntimeException e) {
        if (e instanceof ProblemException) {
            return e;
        }
        if (e instanceof NotFoundException) {
            return new ProblemException(HttpStatus.NOT_FOUND, e.getMessage());
        }
        if (e instanceof CatalogueInUseException) {
            return new ProblemException(HttpStatus.CONFLICT, e.getMessage());
        }
        if (e instanceof RunNotAllowedException) {
            return new ProblemException(HttpStatus.CONFLICT, e.getMessage());
        }
        if (e instanceof ReconnectRequiredException) {
            return new ProblemException(Problem.of(HttpStatus.CONFLICT, e.getMessage()).with("reconnect", true), Map.of());
        }
        if (e instanceof QueueFullException q) {
            return new ProblemException(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, q.getMessage()),
                    Map.of("Retry-After", String.valueOf(q.retryAfterSeconds())));
        }
        if (e instanceof InvalidFlowException) {
            return new ProblemException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        if (e instanceof OAuthException) {
            return new ProblemException(HttpStatus.BAD_GATEWAY, "The account provider refused the request.");
        }
        if (e instanceof io.micronaut.data.exceptions.DataAccessException && uniqueViolation(e)) {
            return new ProblemException(HttpStatus.CONFLICT, "An entry with this name already exists.");
        }
        if (e instanceof IllegalArgumentException) {
            return new ProblemException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return e;
    }

    /** Whether a database error is a unique-constraint violation (SQLSTATE 23505). */
    public static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Runs an action, translating domain exceptions. */
    public static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }
}
