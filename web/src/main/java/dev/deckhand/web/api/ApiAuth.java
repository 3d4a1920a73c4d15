package dev.deckhand.web.api;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.web.problem.ProblemException;
import dev.deckhand.web.security.ClientAddressResolver;
import dev.deckhand.web.security.SecureCookies;
import dev.deckhand.web.ui.session.SignedInUser;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Who is calling the API: an {@code Authorization: Bearer dh_...} token (API clients; exempt from
 * CSRF because browsers cannot forge it) or the browser session cookie the UI sets. Blocking (one
 * indexed query): call from {@code @ExecuteOn(BLOCKING)} routes only.
 */
@Singleton
public class ApiAuth {

    private final Sessions sessions;
    private final SecureCookies cookies;
    private final ClientAddressResolver clients;

    public ApiAuth(Sessions sessions, SecureCookies cookies, ClientAddressResolver clients) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.clients = clients;
    }

    public Optional<User> current(HttpRequest<?> request) {
        return credential(request).flatMap(sessions::resolve);
    }

    /** The presented token (Bearer header first, else session cookie), without touching the database. */
    public Optional<String> credential(HttpRequest<?> request) {
        String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(auth.substring(7).strip());
        }
        return cookies.read(request, SignedInUser.COOKIE);
    }

    /** Blocking: looks the token up. */
    public Optional<User> resolve(String credential) {
        return sessions.resolve(credential);
    }

    public User require(HttpRequest<?> request) {
        return current(request).orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "Sign in first."));
    }

    /** The admin role; the subnet restriction on /api/admin is AdminSubnetFilter's. */
    public User requireAdmin(HttpRequest<?> request) {
        User user = require(request);
        if (!user.isAdmin()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "Administrators only.");
        }
        return user;
    }

    /** An absolute callback URL on the host the client used (already checked against ALLOWED_HOSTS). */
    public String callbackUrl(HttpRequest<?> request, String path) {
        var client = clients.resolveClient(request);
        return client.scheme() + "://" + (client.host() == null ? "localhost" : client.host()) + path;
    }
}
