package dev.deckhand.web.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The only way the web tier should create cookies: {@code __Host-<name>}, Secure, HttpOnly,
 * SameSite=Lax, Path=/, no Domain. The {@code __Host-} prefix makes browsers refuse the cookie
 * unless it is Secure, host-only and Path=/, so a sibling subdomain cannot plant or overwrite it.
 *
 * <p>Exception, by design: with {@code DECKHAND_ENV=local} and a plain-HTTP request, browsers
 * would drop a Secure cookie, so the cookie is sent without Secure and without the prefix (a
 * prefixed cookie without Secure is also dropped). Nowhere else is an insecure cookie possible.
 * Always read cookies back with {@link #read} so that the name matches what was set.
 */
@Singleton
public class SecureCookies {

    public static final String HOST_PREFIX = "__Host-";

    private final SecuritySettings settings;
    private final ClientAddressResolver resolver;

    public SecureCookies(SecuritySettings settings, ClientAddressResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    /** True only for plain HTTP in local development. */
    public boolean insecureAllowed(HttpRequest<?> request) {
        return settings.isLocal() && !resolver.resolveClient(request).secure();
    }

    /** The on-the-wire name for a logical cookie name ({@code csrf} becomes {@code __Host-csrf}). */
    public String name(HttpRequest<?> request, String baseName) {
        return insecureAllowed(request) ? baseName : HOST_PREFIX + baseName;
    }

    /** A session cookie (no Max-Age): Secure, HttpOnly, SameSite=Lax, Path=/. */
    public Cookie create(HttpRequest<?> request, String baseName, String value) {
        return Cookie.of(name(request, baseName), value)
                .path("/")
                .httpOnly(true)
                .secure(!insecureAllowed(request))
                .sameSite(SameSite.Lax);
    }

    /** A cookie that deletes {@code baseName} in the browser. */
    public Cookie expire(HttpRequest<?> request, String baseName) {
        return create(request, baseName, "").maxAge(0);
    }

    public Optional<String> read(HttpRequest<?> request, String baseName) {
        return request.getCookies().findCookie(name(request, baseName)).map(Cookie::getValue);
    }
}
