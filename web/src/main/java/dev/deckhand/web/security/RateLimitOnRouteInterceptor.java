package dev.deckhand.web.security;

import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;

import java.util.OptionalLong;

/**
 * Counts the API rate limit on the thread of a {@link RateLimitedOnRoute} route, before its body
 * (and before any other interceptor, e.g. a borrowed database connection): only when the request's
 * matched route is one that {@link RateLimitFilter} left to the route ({@link ApiRateLimit#countedOnRoute}),
 * so it is a blocking-pool thread, and never twice. Over the limit: 429 problem+json with Retry-After.
 */
@InterceptorBean(RateLimitedOnRoute.class)
public class RateLimitOnRouteInterceptor implements MethodInterceptor<Object, Object>, Ordered {

    private final ApiRateLimit rateLimit;

    public RateLimitOnRouteInterceptor(ApiRateLimit rateLimit) {
        this.rateLimit = rateLimit;
    }

    @Override
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        HttpRequest<?> request = ServerRequestContext.currentRequest().orElse(null);
        if (request != null && rateLimit.countedOnRoute(request)) {
            OptionalLong retryAfter = rateLimit.count(request);
            if (retryAfter.isPresent()) {
                throw ApiRateLimit.tooManyRequests(retryAfter.getAsLong());
            }
        }
        return context.proceed();
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
