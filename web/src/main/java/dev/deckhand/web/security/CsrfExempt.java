package dev.deckhand.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a route from {@link CsrfFilter}. Only for endpoints that are not authenticated by
 * cookies at all and verify their caller otherwise (e.g. signed webhooks). Never for UI forms.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CsrfExempt {
}
