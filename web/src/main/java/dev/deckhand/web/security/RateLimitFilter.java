package dev.deckhand.web.security;

import dev.deckhand.web.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Duration;

/**
 * Per-client-IP limit on {@code /api/**}: RATE_LIMIT_API_PER_MINUTE requests per minute (0
 * disables), then 429 problem+json with Retry-After. Keyed on the true client IP from
 * {@link ClientAddressResolver}, so rotating X-Forwarded-For from an untrusted peer does not help;
 * IPv6 clients are counted per /64 ({@link ClientAddress#rateLimitKey}), so rotating addresses
 * inside one's own prefix does not help either.
 * Login has its own, stricter limit: {@link LoginThrottle}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RateLimitFilter implements Ordered {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateLimiter limiter;
    private final ClientAddressResolver resolver;
    private final int limit;

    public RateLimitFilter(RateLimiter limiter, ClientAddressResolver resolver, SecuritySettings settings) {
        this.limiter = limiter;
        this.resolver = resolver;
        this.limit = settings.apiRateLimitPerMinute();
    }

    /**
     * Runs on the blocking pool (the Redis call must not block the event loop). Completing a
     * filter future from a foreign thread instead answered 503 in Micronaut 4.10, hence ExecuteOn.
     */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        if (limit <= 0 || !SecurityPaths.under(SecurityPaths.canonical(request.getPath()), "/api")) {
            return null;
        }
        RateLimiter.Decision d = limiter.hit("api", resolver.resolveClient(request).rateLimitKey(), limit, WINDOW);
        return d.allowed() ? null : tooManyRequests(d.retryAfterSeconds());
    }

    static HttpResponse<?> tooManyRequests(long retryAfterSeconds) {
        return Problem.of(HttpStatus.TOO_MANY_REQUESTS, "Too many requests; retry after " + retryAfterSeconds + " s.")
                .toResponse().header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    @Override
    public int getOrder() {
        return SecurityFilterOrder.RATE_LIMIT;
    }
}
