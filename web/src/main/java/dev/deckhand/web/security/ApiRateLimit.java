package dev.deckhand.web.security;

import dev.deckhand.web.problem.Problem;
import dev.deckhand.web.problem.ProblemException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client-IP limit on {@code /api/**}: RATE_LIMIT_API_PER_MINUTE requests per minute (0
 * disables), then 429 problem+json with Retry-After. Keyed on the true client IP from
 * {@link ClientAddressResolver}, so rotating X-Forwarded-For from an untrusted peer does not help;
 * IPv6 clients are counted per /64 ({@link ClientAddress#rateLimitKey}), so rotating addresses
 * inside one's own prefix does not help either. Login has its own, stricter limit: {@link LoginThrottle}.
 *
 * <p>Where it is counted (Redis, blocking, so never on the event loop), once per request: on the
 * route's own blocking thread for routes that run on the blocking pool and carry
 * {@link RateLimitedOnRoute} ({@link RateLimitOnRouteInterceptor}); for every other request under
 * /api (other routes, unmatched paths) by {@link RateLimitFilter}, which hops to the blocking pool
 * for it. A status poll thus hops to the blocking pool once, not twice.
 */
@Singleton
public class ApiRateLimit {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    /** Request attribute: this request has been counted. */
    private static final String COUNTED = "deckhand.api-rate-limit.counted";
    private static final int MAX_CACHED_ROUTES = 10_000;

    private final RateLimiter limiter;
    private final ClientAddressResolver resolver;
    private final int limit;
    /** Whether a route counts on its own thread: fixed per route (routes are built at startup). */
    private final Map<RouteInfo<?>, Boolean> onRoute = new ConcurrentHashMap<>();

    public ApiRateLimit(RateLimiter limiter, ClientAddressResolver resolver, SecuritySettings settings) {
        this.limiter = limiter;
        this.resolver = resolver;
        this.limit = settings.apiRateLimitPerMinute();
    }

    /**
     * Whether the request's matched route counts it on its own blocking thread: the route carries
     * {@link RateLimitedOnRoute} and runs on the blocking pool. Non-blocking (annotations only).
     */
    public boolean countedOnRoute(HttpRequest<?> request) {
        RouteInfo<?> route = RouteAttributes.getRouteInfo(request).orElse(null);
        if (route == null) {
            return false;
        }
        Boolean known = onRoute.get(route);
        if (known == null) {
            known = countsOnRoute(route);
            if (onRoute.size() < MAX_CACHED_ROUTES) {
                onRoute.put(route, known);
            }
        }
        return known;
    }

    private static boolean countsOnRoute(RouteInfo<?> route) {
        boolean marked = route.getAnnotationMetadata().hasAnnotation(RateLimitedOnRoute.class)
                || route.getDeclaringType().isAnnotationPresent(RateLimitedOnRoute.class);
        String executor = route.getAnnotationMetadata().stringValue(ExecuteOn.class).orElseGet(() -> {
            ExecuteOn on = route.getDeclaringType().getAnnotation(ExecuteOn.class);
            return on == null ? null : on.value();
        });
        return marked && TaskExecutors.BLOCKING.equals(executor);
    }

    /**
     * Blocking (Redis): counts the request, once, if it is under /api and the limit is on; the
     * seconds to wait when it is over the limit, else empty.
     */
    public OptionalLong count(HttpRequest<?> request) {
        if (limit <= 0 || request.getAttribute(COUNTED).isPresent()
                || !SecurityPaths.under(SecurityPaths.canonical(request.getPath()), "/api")) {
            return OptionalLong.empty();
        }
        request.setAttribute(COUNTED, Boolean.TRUE);
        RateLimiter.Decision d = limiter.hit("api", resolver.resolveClient(request).rateLimitKey(), limit, WINDOW);
        return d.allowed() ? OptionalLong.empty() : OptionalLong.of(d.retryAfterSeconds());
    }

    /** The answer over the limit: 429 problem+json with Retry-After. */
    static ProblemException tooManyRequests(long retryAfterSeconds) {
        return new ProblemException(Problem.of(HttpStatus.TOO_MANY_REQUESTS, "Too many requests; retry after "
                + retryAfterSeconds + " s."), Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)));
    }
}
