package dev.deckhand.web.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.OptionalLong;

/**
 * The API rate limit ({@link ApiRateLimit}) for requests whose route does not count it on its own
 * thread: other routes under /api and unmatched paths. Off (no hop at all) for routes that count
 * it themselves ({@link RateLimitedOnRoute} on a blocking route), decided on the event loop from the
 * matched route's annotations.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RateLimitFilter implements Ordered, ConditionalFilter {

    private final ApiRateLimit rateLimit;

    public RateLimitFilter(ApiRateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        return !rateLimit.countedOnRoute(request);
    }

    /**
     * Runs on the blocking pool (the Redis call must not block the event loop). Completing a
     * filter future from a foreign thread instead answered 503 in Micronaut 4.10, hence ExecuteOn.
     */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> limit(HttpRequest<?> request) {
        OptionalLong retryAfter = rateLimit.count(request);
        if (retryAfter.isEmpty()) {
            return null;
        }
        var refusal = ApiRateLimit.tooManyRequests(retryAfter.getAsLong());
        var response = refusal.problem().toResponse();
        refusal.headers().forEach(response::header);
        return response;
    }

    @Override
    public int getOrder() {
        return SecurityFilterOrder.RATE_LIMIT;
    }
}
