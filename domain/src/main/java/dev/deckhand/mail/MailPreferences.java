package dev.deckhand.mail;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * A user's mail preference ({@code users.email_on_run_end}: "e-mail me when a run finishes or
 * fails", off by default). The address mails go to is {@code users.email}, from the provider's
 * userinfo at sign-in.
 */
@Singleton
public class MailPreferences {

    private final JdbcOperations jdbc;

    public MailPreferences(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public boolean emailOnRunEnd(UUID userId) {
        return jdbc.prepareStatement("SELECT email_on_run_end FROM users WHERE id = ?", ps -> {
            ps.setObject(1, userId);
            try (var rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    /** @return false if the user does not exist */
    @Transactional
    public boolean setEmailOnRunEnd(UUID userId, boolean on) {
        return jdbc.prepareStatement("UPDATE users SET email_on_run_end = ? WHERE id = ?", ps -> {
            ps.setBoolean(1, on);
            ps.setObject(2, userId);
            return ps.executeUpdate() == 1;
        });
    }
}
