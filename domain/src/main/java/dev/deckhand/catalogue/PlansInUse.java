package dev.deckhand.catalogue;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.util.UUID;

/**
 * Whether a run needs a part of the catalogue, asked by {@link CatalogueAdmin} before a delete and
 * by {@link CatalogueCode} before it changes a plan's steps, inside their transaction. The plans in scope are locked first ({@code FOR UPDATE}): inserting a job
 * or preflight takes a key-share lock on its plan row, so a run that starts concurrently either
 * committed before the check (and is seen) or waits until the delete has committed (and then fails
 * its foreign key): no run can start on a plan being deleted. "Needs" = a job or preflight of the
 * plan in status {@code started} (queued runs are {@code started} rows too).
 */
@Singleton
class PlansInUse {

    /** Which plans a delete removes, as the WHERE clause of a query on {@code plans}. */
    enum Scope {
        PLAN("id = ?"),
        VERSION("version_id = ?"),
        PRODUCT("version_id IN (SELECT id FROM versions WHERE product_id = ?)");

        final String where;

        Scope(String where) {
            this.where = where;
        }
    }

    private final JdbcOperations jdbc;

    PlansInUse(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the plans in scope and answers whether any of them has a queued or running job or preflight. */
    boolean lockAndCheck(Scope scope, UUID id) {
        lock(scope, id);
        String inScope = "SELECT id FROM plans WHERE " + scope.where;
        return jdbc.prepareStatement("SELECT EXISTS (SELECT 1 FROM jobs WHERE status = 'started' AND plan_id IN ("
                + inScope + ")) OR EXISTS (SELECT 1 FROM preflights WHERE status = 'started' AND plan_id IN ("
                + inScope + "))", ps -> {
            ps.setObject(1, id);
            ps.setObject(2, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** Locks the plans in scope until the transaction ends (serialises concurrent changes of a plan). */
    void lock(Scope scope, UUID id) {
        jdbc.prepareStatement("SELECT id FROM plans WHERE " + scope.where + " ORDER BY id FOR UPDATE", ps -> {
            ps.setObject(1, id);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    // consume: the rows are now locked
                }
            }
            return null;
        });
    }
}
