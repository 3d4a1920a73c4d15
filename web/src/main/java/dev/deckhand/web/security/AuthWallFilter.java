package dev.deckhand.web.security;

import dev.deckhand.web.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Optional HTTP basic-auth wall in front of everything except health probes and /prometheus,
 * meant to keep staging away from crawlers and the curious. On only when AUTH_WALL_USERNAME and
 * AUTH_WALL_PASSWORD are both set (SettingsValidator refuses one without the other).
 * Credentials are compared in constant time over their SHA-256 digests, so neither content nor
 * length leaks through timing. It occupies the Authorization header, so API clients behind the
 * wall must pass it too (Bearer tokens cannot be combined with it).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuthWallFilter implements Ordered {

    private final SecuritySettings settings;
    private final byte[] expectedUser;
    private final byte[] expectedPassword;

    public AuthWallFilter(SecuritySettings settings) {
        this.settings = settings;
        this.expectedUser = digest(settings.authWallUsername().orElse(""));
        this.expectedPassword = digest(settings.authWallPassword().orElse(""));
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (!settings.authWallEnabled() || SecurityPaths.isProbe(request.getPath())) {
            return null;
        }
        if (authorized(request.getHeaders().get(HttpHeaders.AUTHORIZATION))) {
            return null;
        }
        String realm = settings.authWallRealm().replace("\\", "").replace("\"", "");
        return Problem.of(HttpStatus.UNAUTHORIZED, "This site requires a password.").toResponse()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    private boolean authorized(String header) {
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith("basic ")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userOk = MessageDigest.isEqual(expectedUser, digest(decoded.substring(0, colon)));
        boolean passwordOk = MessageDigest.isEqual(expectedPassword, digest(decoded.substring(colon + 1)));
        return userOk & passwordOk;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int getOrder() {
        return SecurityFilterOrder.AUTH_WALL;
    }
}
