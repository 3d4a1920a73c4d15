package dev.deckhand.web.security;

import dev.deckhand.web.problem.Problem;
import dev.deckhand.web.problem.ProblemException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Brute-force and flooding protection for sign-in (reliability-tests row 23). Sign-in is OAuth:
 * there is no password to guess, but starting flows fills oauth_flows and callbacks try states
 * and codes. So each client IP (the true one, {@link ClientAddressResolver}) gets at most
 * RATE_LIMIT_LOGIN_PER_MINUTE flow starts ({@code /signin}, {@code /connect},
 * {@code /api/auth/signin}, {@code /api/accounts/connect}) and as many callbacks
 * ({@code /oauth/callback}, {@code /api/oauth/callback}) per minute; other clients are never
 * locked out. 0 disables. Blocking (Redis): call from a {@code @ExecuteOn(BLOCKING)} route.
 */
@Singleton
public class LoginThrottle {

    /** Which budget a request spends. */
    public enum Step { BEGIN, CALLBACK }

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateLimiter limiter;
    private final ClientAddressResolver resolver;
    private final int perMinute;

    public LoginThrottle(RateLimiter limiter, ClientAddressResolver resolver, SecuritySettings settings) {
        this.limiter = limiter;
        this.resolver = resolver;
        this.perMinute = settings.loginRateLimitPerMinute();
    }

    /** Counts the request; when over the limit, the seconds until the client may try again. */
    public OptionalLong refusedFor(HttpRequest<?> request, Step step) {
        String ip = resolver.resolveClient(request).ipText();
        RateLimiter.Decision d = limiter.hit("login-" + step.name().toLowerCase(java.util.Locale.ROOT), ip, perMinute, WINDOW);
        return d.allowed() ? OptionalLong.empty() : OptionalLong.of(d.retryAfterSeconds());
    }

    /** {@link #refusedFor} for API routes: throws a 429 problem with Retry-After. */
    public void check(HttpRequest<?> request, Step step) {
        OptionalLong retryAfter = refusedFor(request, step);
        if (retryAfter.isPresent()) {
            throw new ProblemException(Problem.of(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many sign-in attempts; retry after " + retryAfter.getAsLong() + " s."),
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.getAsLong())));
        }
    }
}
