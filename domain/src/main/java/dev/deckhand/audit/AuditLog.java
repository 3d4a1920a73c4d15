package dev.deckhand.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import io.micronaut.data.jdbc.runtime.JdbcOperations;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * Appends to the audit table. Details must hold no secrets (callers pass ids and names only).
 * Runs on the current transaction's connection, so an entry commits or rolls back with its change.
 */
@Singleton
public class AuditLog {

    private final JdbcOperations jdbc;
    private final JsonMapper json;

    public AuditLog(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Joins the caller's transaction, or runs in its own. */
    @Transactional
    public void record(@Nullable UUID actor, String action, String subjectType, @Nullable String subjectId,
                       Map<String, ?> details) {
        String detailsJson;
        try {
            detailsJson = json.writeValueAsString(details);
        } catch (IOException e) {
            throw new IllegalArgumentException("audit details are not serialisable", e);
        }
        jdbc.prepareStatement("INSERT INTO audit (actor_user_id, action, subject_type, subject_id, details) "
                + "VALUES (?, ?, ?, ?, ?::jsonb)", ps -> {
                    ps.setObject(1, actor);
                    ps.setString(2, action);
                    ps.setString(3, subjectType);
                    ps.setString(4, subjectId);
                    ps.setString(5, detailsJson);
                    return ps.executeUpdate();
                });
    }
}
