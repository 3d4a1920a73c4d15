package dev.deckhand.web.security;

import dev.deckhand.storage.Storage;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Resolves the true client address for every request (so later filters and controllers can use
 * {@link ClientAddress#of}) and adds the browser hardening headers to every response, including
 * error responses produced by later filters.
 *
 * <p>Headers already set by a controller win (a page that needs a CSP with nonces can set its
 * own). Every Set-Cookie that lacks HttpOnly, SameSite or (outside local plain HTTP) Secure gets
 * them added: a safety net behind {@link SecureCookies}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class SecurityHeadersFilter implements Ordered {

    /** One year, subdomains included; no preload (that is an operator's decision). */
    public static final String HSTS = "max-age=31536000; includeSubDomains";
    /** For HTML: own-origin resources only, no inline script, no framing, no plugins. */
    public static final String HTML_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";
    /** For everything else (JSON, assets): nothing may load from it as a document. */
    public static final String NON_HTML_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final ClientAddressResolver resolver;
    private final SecureCookies cookies;
    private final String htmlCsp;

    public SecurityHeadersFilter(ClientAddressResolver resolver, SecureCookies cookies, SecuritySettings settings,
                                 Storage storage) {
        this.resolver = resolver;
        this.cookies = cookies;
        String csp = settings.oauthOrigins().isEmpty() ? HTML_CSP
                : HTML_CSP.replace("form-action 'self'", "form-action 'self' " + String.join(" ", settings.oauthOrigins()));
        // Product images are public storage objects: with S3 they come from the bucket's origin.
        this.htmlCsp = storage.publicOrigin().map(o -> csp.replace("img-src 'self' data:", "img-src 'self' data: " + o))
                .orElse(csp);
    }

    /**
     * The CSP sent with HTML: {@link #HTML_CSP}, with the OAuth provider allowed as a form target
     * and the public storage's origin (S3) as an image source.
     */
    public String htmlCsp() {
        return htmlCsp;
    }

    @RequestFilter
    public void resolveClient(HttpRequest<?> request) {
        resolver.resolveClient(request);
    }

    @ResponseFilter
    public void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        MutableHttpHeaders h = response.getHeaders();
        setIfAbsent(h, "X-Content-Type-Options", "nosniff");
        setIfAbsent(h, "X-Frame-Options", "DENY");
        setIfAbsent(h, "Referrer-Policy", "same-origin");
        setIfAbsent(h, "Cross-Origin-Opener-Policy", "same-origin");
        setIfAbsent(h, "Cross-Origin-Resource-Policy", "same-origin");
        boolean html = isHtml(request, response);
        setIfAbsent(h, "Content-Security-Policy", html ? htmlCsp : NON_HTML_CSP);
        if (resolver.resolveClient(request).secure()) {
            setIfAbsent(h, "Strict-Transport-Security", HSTS);
        }
        hardenCookies(h, !cookies.insecureAllowed(request));
    }

    /**
     * The Content-Type may not be set yet when filters run (it is derived from the route's
     * {@code produces} while encoding), so an HTML-only route counts as HTML too.
     */
    private static boolean isHtml(HttpRequest<?> request, MutableHttpResponse<?> response) {
        var type = response.getContentType();
        if (type.isPresent()) {
            return MediaType.TEXT_HTML.equals(type.get().getName());
        }
        return RouteAttributes.getRouteInfo(request).map(r -> r.getProduces().size() == 1
                && MediaType.TEXT_HTML.equals(r.getProduces().get(0).getName())).orElse(false);
    }

    private static void setIfAbsent(MutableHttpHeaders h, String name, String value) {
        if (!h.contains(name)) {
            h.add(name, value);
        }
    }

    static void hardenCookies(MutableHttpHeaders h, boolean requireSecure) {
        List<String> setCookies = h.getAll(HttpHeaders.SET_COOKIE);
        if (setCookies.isEmpty()) {
            return;
        }
        List<String> hardened = new ArrayList<>(setCookies.size());
        boolean changed = false;
        for (String c : setCookies) {
            String lower = c.toLowerCase(Locale.ROOT);
            StringBuilder sb = new StringBuilder(c);
            if (requireSecure && !hasAttribute(lower, "secure")) {
                sb.append("; Secure");
            }
            if (!hasAttribute(lower, "httponly")) {
                sb.append("; HttpOnly");
            }
            if (!lower.contains("samesite=")) {
                sb.append("; SameSite=Lax");
            }
            changed |= sb.length() != c.length();
            hardened.add(sb.toString());
        }
        if (changed) {
            h.remove(HttpHeaders.SET_COOKIE);
            hardened.forEach(c -> h.add(HttpHeaders.SET_COOKIE, c));
        }
    }

    private static boolean hasAttribute(String lowerCookie, String attribute) {
        for (String part : lowerCookie.split(";")) {
            if (part.strip().equals(attribute)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return SecurityFilterOrder.HEADERS;
    }
}
