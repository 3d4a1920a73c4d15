package dev.deckhand.web.security;

import io.micronaut.core.order.Ordered;

/**
 * Order of the security filters (lower runs first on the request, last on the response). Request
 * id (runtime, highest precedence) comes first so every rejection is logged with its id; security
 * headers next so they decorate every response, including rejections by later filters.
 * Filters added by others should run after {@link #CSRF} unless they are security checks.
 */
public final class SecurityFilterOrder {

    public static final int HEADERS = Ordered.HIGHEST_PRECEDENCE + 100;
    public static final int HOST = Ordered.HIGHEST_PRECEDENCE + 200;
    public static final int HTTPS_REDIRECT = Ordered.HIGHEST_PRECEDENCE + 300;
    public static final int AUTH_WALL = Ordered.HIGHEST_PRECEDENCE + 400;
    public static final int ADMIN_SUBNETS = Ordered.HIGHEST_PRECEDENCE + 500;
    public static final int RATE_LIMIT = Ordered.HIGHEST_PRECEDENCE + 600;
    public static final int CSRF = Ordered.HIGHEST_PRECEDENCE + 700;

    private SecurityFilterOrder() {
    }
}
