package dev.deckhand.web.security;

import dev.deckhand.oauth.OAuthFlows;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The {@code __Host-oauth_flow} cookie that binds an OAuth flow to the browser or API client that
 * began it (issue #13): its value is the flow's random browser binding, which the domain stores
 * only as a hash next to the hashed state and checks at the callback. Set when a flow begins,
 * cleared when it completes; lives as long as a flow ({@link OAuthFlows#FLOW_LIFETIME}).
 * SameSite=Lax on purpose: the provider's redirect back is a cross-site top-level GET, which Lax
 * cookies accompany (Strict ones would not). One flow per browser at a time: a second start
 * replaces the cookie, and the first flow then fails cleanly with 400.
 */
@Singleton
public class OAuthFlowCookie {

    static final String NAME = "oauth_flow";
    private final SecureCookies cookies;

    public OAuthFlowCookie(SecureCookies cookies) {
        this.cookies = cookies;
    }

    public Cookie create(HttpRequest<?> request, OAuthFlows.Started started) {
        return cookies.create(request, NAME, started.browserBinding()).maxAge(OAuthFlows.FLOW_LIFETIME.toSeconds());
    }

    public Optional<String> read(HttpRequest<?> request) {
        return cookies.read(request, NAME).filter(v -> !v.isEmpty());
    }

    public Cookie expire(HttpRequest<?> request) {
        return cookies.expire(request, NAME);
    }
}
