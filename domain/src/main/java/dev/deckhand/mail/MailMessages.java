package dev.deckhand.mail;

import dev.deckhand.runs.RunStatus;
import dev.deckhand.text.HtmlEscape;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds each kind of mail from the database at send time (so a mail reflects the current opt-in
 * and address) and the templates. Only names, ids and statuses go into a mail: never tokens,
 * step results or error texts from the connected account's API. Empty when there is nothing to
 * send (no address, not opted in, run not finished).
 */
@Singleton
public class MailMessages {

    static final String RUN_FINISHED = "run-finished";
    static final String RECONNECT = "reconnect";
    static final String DEAD_SET_GROWTH = "dead-set-growth";

    private final JdbcOperations jdbc;
    private final MailTemplates templates;
    private final MailSettings settings;

    public MailMessages(JdbcOperations jdbc, MailTemplates templates, MailSettings settings) {
        this.jdbc = jdbc;
        this.templates = templates;
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
                Map<String, String> values = new HashMap<>(Map.of("name", name(rs.getString(3)), "plan", rs.getString(5),
                        "version", rs.getString(6), "product", rs.getString(7), "status", status, "outcome", outcome,
                        "run_id", jobId.toString()));
                link(values, "/jobs/" + jobId, "Open the run");
                return Optional.of(templates.render(RUN_FINISHED, List.of(rs.getString(2)), values));
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
                Map<String, String> values = new HashMap<>(Map.of("name", name(rs.getString(2)),
                        "account", blank(account) ? "your account" : account, "reason", reasonText(reason)));
                link(values, "/", "Open Deckhand");
                return Optional.of(templates.render(RECONNECT, List.of(rs.getString(1)), values));
            }
        });
    }

    /** To OPERATOR_EMAIL; empty when no operator address is configured. */
    public Optional<OutgoingMail> deadSetGrowth(long previous, long dead, String interval) {
        if (settings.operators().isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>(Map.of("previous", Long.toString(previous),
                "dead", Long.toString(dead), "interval", interval));
        link(values, "/admin", "Open the admin dashboard");
        return Optional.of(templates.render(DEAD_SET_GROWTH, settings.operators(), values));
    }

    static String reasonText(String reason) {
        return switch (reason) {
            case ReconnectReasons.UNUSED -> "it was not used for a while, so Deckhand gave up its access, as it always does";
            case ReconnectReasons.REFRESH_FAILED -> "the provider no longer accepts its access (it was revoked or expired)";
            default -> "its access ended";
        };
    }

    private void link(Map<String, String> values, String path, String label) {
        Optional<String> url = settings.siteUrl().map(site -> site + path);
        values.put("link_text", url.map(u -> label + ": " + u + "\n").orElse(""));
        values.put("link_html", url.map(u -> "<a href=\"" + HtmlEscape.escape(u) + "\">"
                + HtmlEscape.escape(label) + "</a>").orElse(""));
    }

    private static String name(String name) {
        return blank(name) ? "there" : name;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
