package dev.deckhand.migrations;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.schema.SchemaVersion;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/**
 * Brings a database to {@link SchemaVersion#expected()}: Flyway migrate with the elevated role,
 * then (optionally) the app role's password. Idempotent, and safe to run from several processes
 * at once: the whole run holds a session advisory lock, so concurrent runs queue up and the later
 * ones find nothing pending (Flyway's own lock alone does not serialise the grant callback, and
 * concurrent GRANTs on one object fail with "tuple concurrently updated").
 */
public final class MigrationRunner {

    /** Advisory lock key for a whole migrations run ("deckhand" in ASCII); distinct from Flyway's keys. */
    static final long RUN_LOCK_KEY = 0x6465636b68616e64L;

    private MigrationRunner() {
    }

    /** What a run did. */
    public record Outcome(int applied, SchemaVersion version) {
    }

    /**
     * @param elevated    URL of a role allowed to run DDL and create roles (MIGRATION_DATABASE_URL)
     * @param appRole     the least-privilege role to create and grant DML to (APP_DATABASE_ROLE)
     * @param appPassword when non-null, the app role gets LOGIN with this password; null leaves it alone
     */
    public static Outcome migrate(DatabaseUrl elevated, String appRole, String appPassword) {
        if (!appRole.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("APP_DATABASE_ROLE must be a lowercase SQL identifier");
        }
        Connection lock;
        try {
            lock = connect(elevated);
        } catch (SQLException e) {
            throw new MigrationFailedException("cannot connect to " + elevated + " (" + e.getMessage() + ")", e);
        }
        try (lock) {
            try (Statement s = lock.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + RUN_LOCK_KEY + ")");
            }
            try {
                MigrateResult result = flyway(elevated, appRole).migrate();
                if (appPassword != null && !appPassword.isEmpty()) {
                    setPassword(lock, appRole, appPassword);
                }
                SchemaVersion version = SchemaVersion.installed(lock)
                        .orElseThrow(() -> new IllegalStateException("no schema version after migrate"));
                return new Outcome(result.migrationsExecuted, version);
            } finally {
                try (Statement s = lock.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + RUN_LOCK_KEY + ")");
                }
            }
        } catch (SQLException e) {
            throw new MigrationFailedException("migrating " + elevated + " failed (" + e.getMessage() + ")", e);
        }
    }

    static Flyway flyway(DatabaseUrl url, String appRole) {
        return Flyway.configure()
                .dataSource(url.jdbcUrl(), url.username(), url.password())
                .locations("classpath:" + SchemaVersion.LOCATION)
                .schemas("public")
                .placeholders(Map.of("appRole", appRole))
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                .load();
    }

    /**
     * ALTER ROLE takes no bind parameters, so the server quotes the name and password itself
     * (format %I/%L): a password with quotes cannot break out of the literal. Never logged.
     */
    private static void setPassword(Connection c, String role, String password) throws SQLException {
        String statement;
        try (PreparedStatement ps = c.prepareStatement("SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', ?, ?)")) {
            ps.setString(1, role);
            ps.setString(2, password);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                statement = rs.getString(1);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            // The driver's message never contains the statement, but be explicit about it.
            throw new SQLException("cannot set the password of role " + role + " (" + e.getSQLState() + ")");
        }
    }

    static Connection connect(DatabaseUrl url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", url.username());
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }
}
