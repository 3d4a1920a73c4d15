package dev.deckhand.accounts;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Sessions and API tokens: 32 random bytes handed to the client once, only their SHA-256 kept.
 * Resolving a token checks expiry against the Clock bean: a token is valid while the Clock's
 * instant is strictly before its expiry. Nothing is cached: every resolve reads the database,
 * so a revoked or expired token is refused at once.
 */
@Singleton
public class Sessions {

    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Sessions(ApiTokenRepository tokens, UserRepository users, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    /** A token just issued: its row id (for listing, revoking, auditing) and its value, shown once. */
    public record Issued(java.util.UUID id, String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[id=" + id + ", value=<redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    /** @return the token value; shown to the client once, never stored */
    public String issue(User user, String kind, Duration lifetime) {
        return issueToken(user, kind, lifetime).value();
    }

    /** As {@link #issue}, with the stored row's id and expiry. */
    public Issued issueToken(User user, String kind, Duration lifetime) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String value = "dh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        ApiToken saved = tokens.save(new ApiToken(null, user.id(), hash(value), kind, now, now.plus(lifetime), null));
        return new Issued(saved.id(), value, saved.expiresAt());
    }

    /** The token's user, or empty for null, malformed, unknown, expired or revoked tokens (one query). */
    public Optional<User> resolve(String value) {
        if (value == null || !value.startsWith("dh_")) {
            return Optional.empty();
        }
        return users.findByLiveTokenHash(hash(value), clock.instant());
    }

    public void revoke(String value) {
        tokens.findByTokenHash(hash(value)).ifPresent(tokens::delete);
    }

    static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
