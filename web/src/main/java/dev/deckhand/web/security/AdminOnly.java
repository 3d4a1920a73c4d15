package dev.deckhand.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller or route as admin-only: {@link AdminSubnetFilter} answers 403 unless the
 * true client IP is in ADMIN_API_ALLOWED_SUBNETS. Routes under {@code /admin} and
 * {@code /api/admin} are admin-only without the annotation; use it for admin routes elsewhere.
 * The admin <em>role</em> check is separate and belongs to the authentication layer.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AdminOnly {
}
