package dev.deckhand.cli.users;

import dev.deckhand.accounts.User;
import dev.deckhand.audit.AuditLog;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Makes a user an administrator or not, audited in the same transaction ({@code admin.granted} /
 * {@code admin.revoked}, actor none: an operator at the command line). Returns whether anything
 * changed; an unchanged role is still audited as a no-op so the trail shows every attempt.
 */
@Singleton
public class AdminGrants {

    private final JdbcOperations jdbc;
    private final AuditLog audit;

    public AdminGrants(JdbcOperations jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional
    public boolean set(User user, boolean admin, String via) {
        int changed = jdbc.prepareStatement("UPDATE users SET is_admin = ? WHERE id = ? AND is_admin <> ?", ps -> {
            ps.setBoolean(1, admin);
            ps.setObject(2, user.id());
            ps.setBoolean(3, admin);
            return ps.executeUpdate();
        });
        audit.record(null, admin ? "admin.granted" : "admin.revoked", "user", user.id().toString(),
                Map.of("user", UserDirectory.describe(user), "via", via, "changed", changed > 0));
        return changed > 0;
    }
}
