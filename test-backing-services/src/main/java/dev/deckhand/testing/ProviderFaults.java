package dev.deckhand.testing;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import okhttp3.Headers;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected into mock-oauth2-server, one request at a time: {@link #failNextUserinfo}
 * makes the next userinfo call of an issuer answer 503, as a provider in trouble does between
 * a code exchange and the userinfo call. Consulted before the server's own routes; every other
 * request falls through untouched.
 */
public final class ProviderFaults implements no.nav.security.mock.oauth2.http.Route {

    private final Set<String> failUserinfo = ConcurrentHashMap.newKeySet();

    public void failNextUserinfo(String issuerId) {
        failUserinfo.add(issuerId);
    }

    @Override
    public boolean match(OAuth2HttpRequest request) {
        String path = request.getUrl().encodedPath();
        if (!"GET".equals(request.getMethod()) || !path.endsWith("/userinfo")) {
            return false;
        }
        String issuerId = path.substring(1, path.length() - "/userinfo".length());
        return failUserinfo.remove(issuerId);
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json;charset=UTF-8"), 503,
                "{\"error\":\"temporarily_unavailable\"}", null);
    }
}
