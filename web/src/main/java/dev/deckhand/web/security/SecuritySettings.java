package dev.deckhand.web.security;

import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.config.net.Cidr;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The security-relevant settings of the web tier, parsed once at boot from {@link ResolvedSettings}
 * (already validated by SettingsValidator, so parsing here cannot fail on bad input).
 */
@Singleton
public class SecuritySettings {

    private final String environment;
    private final boolean debug;
    private final List<Cidr> trustedProxies;
    private final boolean rfc7239Forwarded;
    private final int maxWebSocketsPerUser;
    private final List<Cidr> adminSubnets;
    private final AllowedHosts allowedHosts;
    private final byte[] secretKey;
    private final Optional<String> authWallUsername;
    private final Optional<String> authWallPassword;
    private final String authWallRealm;
    private final int apiRateLimitPerMinute;
    private final int loginRateLimitPerMinute;
    private final List<String> oauthOrigins;

    public SecuritySettings(ResolvedSettings s) {
        this.environment = s.environment();
        this.debug = s.value(SettingsCatalog.DEBUG);
        this.trustedProxies = s.value(SettingsCatalog.TRUSTED_PROXIES);
        this.rfc7239Forwarded = "forwarded".equals(s.value(SettingsCatalog.FORWARDED_HEADER));
        this.maxWebSocketsPerUser = s.value(SettingsCatalog.MAX_WEBSOCKETS_PER_USER);
        this.adminSubnets = s.value(SettingsCatalog.ADMIN_API_ALLOWED_SUBNETS);
        this.allowedHosts = AllowedHosts.parse(String.join(",", s.value(SettingsCatalog.ALLOWED_HOSTS)));
        this.secretKey = s.value(SettingsCatalog.SECRET_KEY).getBytes(StandardCharsets.UTF_8);
        this.authWallUsername = s.find(SettingsCatalog.AUTH_WALL_USERNAME);
        this.authWallPassword = s.find(SettingsCatalog.AUTH_WALL_PASSWORD);
        this.authWallRealm = s.value(SettingsCatalog.AUTH_WALL_REALM);
        this.apiRateLimitPerMinute = s.value(SettingsCatalog.RATE_LIMIT_API_PER_MINUTE);
        this.loginRateLimitPerMinute = s.value(SettingsCatalog.RATE_LIMIT_LOGIN_PER_MINUTE);
        this.oauthOrigins = Stream.of(SettingsCatalog.OAUTH_AUTHORIZATION_URL, SettingsCatalog.OAUTH_ISSUER_URL).map(s::find)
                .flatMap(Optional::stream).map(SecuritySettings::origin).flatMap(Optional::stream).distinct().toList();
    }

    /**
     * Origins of the OAuth provider's authorization endpoint: "connect account" forms redirect
     * there, and CSP form-action also governs redirects after a form POST.
     */
    public List<String> oauthOrigins() {
        return oauthOrigins;
    }

    private static Optional<String> origin(String url) {
        try {
            URI u = new URI(url.strip());
            if (u.getScheme() == null || u.getRawAuthority() == null || !u.getScheme().matches("https?")) {
                return Optional.empty();
            }
            return Optional.of(u.getScheme() + "://" + u.getRawAuthority().replaceAll("^.*@", ""));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    public String environment() {
        return environment;
    }

    /** staging and production: plain HTTP is redirected to HTTPS. */
    public boolean isDeployed() {
        return "staging".equals(environment) || "production".equals(environment);
    }

    public boolean isLocal() {
        return "local".equals(environment);
    }

    public boolean debug() {
        return debug;
    }

    public List<Cidr> trustedProxies() {
        return trustedProxies;
    }

    /**
     * FORWARDED_HEADER: true when the trusted proxies write RFC 7239 {@code Forwarded}, false when
     * they write {@code X-Forwarded-*}. The other header family is the client's and is ignored.
     */
    public boolean rfc7239Forwarded() {
        return rfc7239Forwarded;
    }

    /** MAX_WEBSOCKETS_PER_USER: open /ws/notifications connections per signed-in user (per process). */
    public int maxWebSocketsPerUser() {
        return maxWebSocketsPerUser;
    }

    public List<Cidr> adminSubnets() {
        return adminSubnets;
    }

    public AllowedHosts allowedHosts() {
        return allowedHosts;
    }

    /** Raw SECRET_KEY bytes; only for HMAC keys, never log or return them. */
    byte[] secretKey() {
        return secretKey.clone();
    }

    /** The basic-auth wall is on only when both user and password are set. */
    public boolean authWallEnabled() {
        return authWallUsername.isPresent() && authWallPassword.isPresent();
    }

    Optional<String> authWallUsername() {
        return authWallUsername;
    }

    Optional<String> authWallPassword() {
        return authWallPassword;
    }

    public String authWallRealm() {
        return authWallRealm;
    }

    /** Requests per minute per client IP on /api/**; 0 disables. */
    public int apiRateLimitPerMinute() {
        return apiRateLimitPerMinute;
    }

    /** OAuth flow starts, and callbacks, per minute per client IP (LoginThrottle); 0 disables. */
    public int loginRateLimitPerMinute() {
        return loginRateLimitPerMinute;
    }
}
