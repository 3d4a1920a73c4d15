package dev.deckhand.web.ui.session;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.web.security.SecureCookies;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The user a browser request is signed in as: the {@code __Host-session} cookie (set by the
 * sign-in callback) resolved through {@link Sessions}. Cached per request in an attribute.
 * Blocking (one indexed query): call from {@code @ExecuteOn(BLOCKING)} routes only.
 */
@Singleton
public class SignedInUser {

    /** Logical cookie name; {@link SecureCookies} adds the {@code __Host-} prefix. */
    public static final String COOKIE = "session";
    private static final String ATTRIBUTE = "deckhand.ui.user";

    /** The signed-in user as pages show it. */
    public record Current(User user) {
        public String displayName() {
            if (user.name() != null && !user.name().isBlank()) {
                return user.name();
            }
            return user.email() != null ? user.email() : user.subject();
        }

        public boolean admin() {
            return user.isAdmin();
        }
    }

    private final Sessions sessions;
    private final SecureCookies cookies;

    public SignedInUser(Sessions sessions, SecureCookies cookies) {
        this.sessions = sessions;
        this.cookies = cookies;
    }

    @SuppressWarnings("unchecked")
    public Optional<Current> current(HttpRequest<?> request) {
        Optional<Optional<Current>> cached = request.getAttribute(ATTRIBUTE).map(o -> (Optional<Current>) o);
        if (cached.isPresent()) {
            return cached.get();
        }
        Optional<Current> user = cookies.read(request, COOKIE).flatMap(sessions::resolve).map(Current::new);
        request.setAttribute(ATTRIBUTE, user);
        return user;
    }
}
