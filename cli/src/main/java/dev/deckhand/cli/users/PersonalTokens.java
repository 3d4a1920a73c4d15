package dev.deckhand.cli.users;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.audit.AuditLog;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;

/**
 * Issues a personal API token ({@code kind = api}: {@code Authorization: Bearer dh_...} on the
 * API, listed and revocable on the user's /settings page) and audits {@code token.created} in
 * the same transaction: the token's id and expiry, never its value.
 */
@Singleton
public class PersonalTokens {

    /** Longest lifetime a token may be given. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);

    private final Sessions sessions;
    private final AuditLog audit;

    public PersonalTokens(Sessions sessions, AuditLog audit) {
        this.sessions = sessions;
        this.audit = audit;
    }

    @Transactional
    public Sessions.Issued create(User user, Duration lifetime, String via) {
        Sessions.Issued issued = sessions.issueToken(user, "api", lifetime);
        audit.record(null, "token.created", "api_token", issued.id().toString(),
                Map.of("user_id", user.id().toString(), "user", UserDirectory.describe(user),
                        "expires_at", issued.expiresAt().toString(), "via", via));
        return issued;
    }
}
