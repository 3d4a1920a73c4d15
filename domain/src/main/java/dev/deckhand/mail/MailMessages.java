package dev.deckhand.mail;

import dev.deckhand.runs.RunStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds each kind of mail ({@link Mail}) from the database at send time (so a mail reflects the
 * current opt-in and address). Only names, ids and statuses go into a mail: never tokens,
 * step results or error texts from the connected account's API. Empty when there is nothing to
 * send (no address, not opted in, run not finished).
 */
@Singleton
public class MailMessages {

    private final JdbcOperations jdbc;
    private final MailSettings settings;

    public MailMessages(JdbcOperations jdbc, MailSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** To the run's owner if they opted in and the run completed or failed. */
    @Transactional
    public Optional<OutgoingMail> runFinished(UUID jobId) {
        return jdbc.prepareStatement("""
                SELECT j.status, u.email, u.name, u.email_on_run_end, p.title, v.label, pr.title
                FROM jobs j JOIN users u ON u.id = j.user_id JOIN plans p ON p.id = j.plan_id
                JOIN versions v ON v.id = p.version_id JOIN products pr ON pr.id = v.product_id
                WHERE j.id = ?""", ps -> {
            ps.setObject(1, jobId);
            try (var rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(4) || blank(rs.getString(2))) {
                    return Optional.<OutgoingMail>empty();
                }
                String status = rs.getString(1);
                String outcome = RunStatus.COMPLETE.equals(status) ? "finished"
                        : RunStatus.FAILED.equals(status) ? "failed" : null;
                if (outcome == null) {
                    return Optional.<OutgoingMail>empty();
                }
                Mail mail = new RunFinishedMail(name(rs.getString(3)), rs.getString(5), rs.getString(7),
                        rs.getString(6), status, outcome, jobId.toString(), link("/jobs/" + jobId));
                return Optional.of(mail.to(List.of(rs.getString(2))));
            }
        });
    }

    /** Always sent (no opt-in) to a user whose account must be connected again. */
    @Transactional
    public Optional<OutgoingMail> reconnect(UUID userId, @Nullable UUID accountId, String reason) {
        String account = accountId == null ? null : jdbc.prepareStatement(
                "SELECT username FROM connected_accounts WHERE id = ?", ps -> {
                    ps.setObject(1, accountId);
                    try (var rs = ps.executeQuery()) {
                        return rs.next() ? rs.getString(1) : null;
                    }
                });
        return jdbc.prepareStatement("SELECT email, name FROM users WHERE id = ?", ps -> {
            ps.setObject(1, userId);
            try (var rs = ps.executeQuery()) {
                if (!rs.next() || blank(rs.getString(1))) {
                    return Optional.<OutgoingMail>empty();
                }
                Mail mail = new ReconnectMail(name(rs.getString(2)), blank(account) ? "your account" : account,
                        reasonText(reason), link("/"));
                return Optional.of(mail.to(List.of(rs.getString(1))));
            }
        });
    }

    /** To OPERATOR_EMAIL; empty when no operator address is configured. */
    public Optional<OutgoingMail> deadSetGrowth(long previous, long dead, String interval) {
        if (settings.operators().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeadSetGrowthMail(previous, dead, interval, link("/admin")).to(settings.operators()));
    }

    static String reasonText(String reason) {
        return switch (reason) {
            case ReconnectReasons.UNUSED -> "it was not used for a while, so Deckhand gave up its access, as it always does";
            case ReconnectReasons.REFRESH_FAILED -> "the provider no longer accepts its access (it was revoked or expired)";
            default -> "its access ended";
        };
    }

    /** The site's page at {@code path}; empty when the site URL is unknown (the mail then has no link). */
    private Optional<String> link(String path) {
        return settings.siteUrl().map(site -> site + path);
    }

    private static String name(String name) {
        return blank(name) ? "there" : name;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
