package dev.deckhand.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The app role (what DATABASE_URL connects as) reads and writes rows but cannot change the
 * schema: every DDL statement fails with insufficient_privilege (42501).
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppRolePrivilegesTest {

    private static final String ROLE = "deckhand_app_priv";
    private static final String PASSWORD = "app-pass-'quoted'-\"too\"";
    private TestPostgres db;

    @BeforeAll
    void migrate(TestPostgres pg) throws Exception {
        db = pg.newDatabase();
        MigrationRunner.migrate(DatabaseUrl.parse(db.databaseUrl()), ROLE, PASSWORD);
        // A table added by a later migration (as the elevated role) is covered by default privileges.
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE later_table (id bigserial PRIMARY KEY, note text)");
        }
    }

    private Connection asApp() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), ROLE, PASSWORD);
    }

    @Test
    void canReadAndWriteRows() throws Exception {
        try (Connection c = asApp(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO qrtz_paused_trigger_grps (sched_name, trigger_group) VALUES ('t', 'g')");
            s.executeUpdate("UPDATE qrtz_paused_trigger_grps SET trigger_group = 'h' WHERE sched_name = 't'");
            s.executeUpdate("INSERT INTO later_table (note) VALUES ('sequence usage works')");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM later_table")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThat(s.executeUpdate("DELETE FROM qrtz_paused_trigger_grps WHERE sched_name = 't'")).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT max(version) FROM flyway_schema_history")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void cannotCreateTables() {
        assertDenied("CREATE TABLE sneaky (id int)");
    }

    @Test
    void cannotDropTables() {
        assertDenied("DROP TABLE qrtz_locks");
    }

    @Test
    void cannotAlterTables() {
        assertDenied("ALTER TABLE qrtz_locks ADD COLUMN sneaky int");
    }

    @Test
    void cannotTruncateOrRewriteTheSchemaHistory() {
        assertDenied("TRUNCATE qrtz_locks");
        assertDenied("DELETE FROM flyway_schema_history");
    }

    private void assertDenied(String sql) {
        assertThatThrownBy(() -> {
            try (Connection c = asApp(); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo("42501"));
    }
}
