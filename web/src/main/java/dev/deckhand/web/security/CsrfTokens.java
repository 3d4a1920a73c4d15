package dev.deckhand.web.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed double-submit CSRF tokens. A token is {@code random.HMAC-SHA256(SECRET_KEY, random)},
 * base64url. It lives in the cookie {@code __Host-csrf} (HttpOnly: pages get the token from the
 * server, via {@link #tokenFor} in a template or {@code GET /api/csrf-token}) and must be echoed
 * in the {@code X-CSRF-Token} header or the {@code csrf_token} form field of unsafe requests.
 * The signature stops a cookie planted by anyone without SECRET_KEY from being accepted.
 */
@Singleton
public class CsrfTokens {

    public static final String COOKIE = "csrf";
    public static final String HEADER = "X-CSRF-Token";
    public static final String FORM_FIELD = "csrf_token";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final SecureCookies cookies;

    public CsrfTokens(SecuritySettings settings, SecureCookies cookies) {
        this.key = new SecretKeySpec(settings.secretKey(), "HmacSHA256");
        this.cookies = cookies;
    }

    /** A new signed token. */
    public String issue() {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        String n = B64.encodeToString(nonce);
        return n + "." + sign(n);
    }

    /** Whether a token carries a valid signature. */
    public boolean isValid(String token) {
        if (token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return false;
        }
        return constantTimeEquals(sign(token.substring(0, dot)), token.substring(dot + 1));
    }

    /** The valid token in the request's CSRF cookie, if any. */
    public Optional<String> cookieToken(HttpRequest<?> request) {
        return cookies.read(request, COOKIE).filter(this::isValid);
    }

    /** Whether {@code submitted} matches the request's valid cookie token. */
    public boolean matches(HttpRequest<?> request, String submitted) {
        return submitted != null && cookieToken(request).map(c -> constantTimeEquals(c, submitted)).orElse(false);
    }

    /**
     * The token a page should embed: the request's current one, or a new one that is also set as
     * a cookie on {@code response}.
     */
    public String tokenFor(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<String> existing = cookieToken(request);
        if (existing.isPresent()) {
            return existing.get();
        }
        String token = issue();
        response.cookie(cookies.create(request, COOKIE, token));
        return token;
    }

    private String sign(String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return B64.encodeToString(mac.doFinal(("deckhand-csrf:" + nonce).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
