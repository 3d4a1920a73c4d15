package dev.deckhand.web.security;

import io.micronaut.aop.Around;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an API controller (or route) that runs on the blocking pool ({@code @ExecuteOn(BLOCKING)}):
 * the API rate limit is counted on the route's own thread, by {@link RateLimitOnRouteInterceptor},
 * before the route's body, instead of by {@link RateLimitFilter} on a hop of its own. Without
 * {@code @ExecuteOn(BLOCKING)} the annotation has no effect (the filter counts; see {@link ApiRateLimit}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Around
public @interface RateLimitedOnRoute {
}
