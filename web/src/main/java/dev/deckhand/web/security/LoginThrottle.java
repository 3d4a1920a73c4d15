package dev.deckhand.web.security;

import dev.deckhand.web.problem.Problem;
import dev.deckhand.web.problem.ProblemException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Brute-force protection for sign-in, to be called by the login endpoint before checking a
 * password: at most RATE_LIMIT_LOGIN_PER_MINUTE attempts per (account, true client IP) and five
 * times that per IP across accounts (credential stuffing). Throws {@link ProblemException} 429
 * with Retry-After when exceeded. Blocking: call from a {@code @ExecuteOn(BLOCKING)} route.
 */
@Singleton
public class LoginThrottle {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateLimiter limiter;
    private final ClientAddressResolver resolver;
    private final int perAccount;

    public LoginThrottle(RateLimiter limiter, ClientAddressResolver resolver, SecuritySettings settings) {
        this.limiter = limiter;
        this.resolver = resolver;
        this.perAccount = settings.loginRateLimitPerMinute();
    }

    public void checkAttempt(HttpRequest<?> request, String account) {
        String ip = resolver.resolveClient(request).ipText();
        String normalized = account == null ? "" : account.strip().toLowerCase(Locale.ROOT);
        RateLimiter.Decision byAccount = limiter.hit("login", normalized + "|" + ip, perAccount, WINDOW);
        RateLimiter.Decision byIp = limiter.hit("login-ip", ip, perAccount * 5, WINDOW);
        RateLimiter.Decision refused = !byAccount.allowed() ? byAccount : !byIp.allowed() ? byIp : null;
        if (refused != null) {
            throw new ProblemException(Problem.of(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many sign-in attempts; retry after " + refused.retryAfterSeconds() + " s."),
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds())));
        }
    }
}
