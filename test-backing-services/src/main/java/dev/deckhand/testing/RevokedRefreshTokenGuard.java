package dev.deckhand.testing;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.grant.RefreshTokenManager;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

import java.lang.reflect.Field;

/**
 * Makes mock-oauth2-server's token endpoint behave like a real provider for refresh tokens.
 *
 * <p>mock-oauth2-server keeps every refresh token it issues in its own RefreshTokenManager and
 * removes it there when RFC 7009 revocation arrives, but its refresh grant then falls back to a
 * default identity for a token it does not know, so a revoked token keeps working. This route is
 * consulted before the server's own routes: a {@code refresh_token} grant for a token the server's
 * manager no longer holds (revoked, or never issued) gets {@code 400 invalid_grant} (RFC 6749
 * §5.2); every other request falls through to the server untouched. The decision is the server's
 * own bookkeeping, read through reflection because the manager is private (pinned 2.1.x layout;
 * {@link #attach} fails loudly if that layout changes).
 */
public final class RevokedRefreshTokenGuard implements Route {

    private volatile RefreshTokenManager issued;

    /** Binds the guard to the server it was registered with (routes are built before the server). */
    public void attach(MockOAuth2Server server) {
        try {
            Object handler = field(MockOAuth2Server.class, "defaultRequestHandler").get(server);
            issued = (RefreshTokenManager) field(handler.getClass(), "refreshTokenManager").get(handler);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("mock-oauth2-server's refresh token bookkeeping moved; "
                    + "update RevokedRefreshTokenGuard for this version", e);
        }
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        if (!"POST".equals(request.getMethod()) || !request.getUrl().encodedPath().endsWith("/token")) {
            return false;
        }
        if (!"refresh_token".equals(request.getFormParameters().get("grant_type"))) {
            return false;
        }
        String token = request.getFormParameters().get("refresh_token");
        RefreshTokenManager manager = issued;
        if (manager == null) {
            throw new IllegalStateException("RevokedRefreshTokenGuard used before attach(server)");
        }
        return token == null || manager.get(token) == null;
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json;charset=UTF-8",
                "Cache-Control", "no-store"), 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token is revoked or unknown\"}", null);
    }

    /**
     * How many refresh tokens the server still honours for {@code issuerId}: a test counts before
     * and after a flow to prove that every refresh token the app obtained and dropped was revoked.
     */
    public int liveRefreshTokens(String issuerId) {
        try {
            RefreshTokenManager manager = issued;
            @SuppressWarnings("unchecked")
            java.util.Map<String, no.nav.security.mock.oauth2.token.OAuth2TokenCallback> cache =
                    (java.util.Map<String, no.nav.security.mock.oauth2.token.OAuth2TokenCallback>)
                            field(RefreshTokenManager.class, "cache").get(manager);
            return (int) java.util.List.copyOf(cache.values()).stream()
                    .filter(c -> issuerId.equals(c.issuerId())).count();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("mock-oauth2-server's refresh token cache moved", e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }
}
