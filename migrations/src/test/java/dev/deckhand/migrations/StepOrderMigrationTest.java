package dev.deckhand.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * V31 on a database that already has the issue-14 defect (two steps of a plan at order 0): the
 * plan is renumbered 1..n in its current order, other plans keep their orders, and from then on
 * two steps of one plan cannot share an order (checked at commit).
 */
@ExtendWith(PostgresExtension.class)
class StepOrderMigrationTest {

    @Test
    void duplicateOrdersAreRenumberedAndThenRefused(TestPostgres pg) throws Exception {
        TestPostgres db = pg.newDatabase();
        DatabaseUrl url = DatabaseUrl.parse(db.databaseUrl());
        Flyway.configure().configuration(MigrationRunner.flyway(url, "deckhand_app").getConfiguration())
                .target("30").load().migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO products (slug, title) VALUES ('p', 'P')");
            s.execute("INSERT INTO versions (product_id, label) SELECT id, '1' FROM products");
            s.execute("INSERT INTO plans (version_id, slug, title) SELECT id, 'dup', 'Dup' FROM versions");
            s.execute("INSERT INTO plans (version_id, slug, title) SELECT id, 'fine', 'Fine' FROM versions");
            s.execute("INSERT INTO steps (plan_id, step_order, name, kind, created_at) SELECT id, 0, 'first', 'wait', "
                    + "now() - interval '2 minutes' FROM plans WHERE slug = 'dup'");
            s.execute("INSERT INTO steps (plan_id, step_order, name, kind, created_at) SELECT id, 0, 'second', 'wait', "
                    + "now() - interval '1 minute' FROM plans WHERE slug = 'dup'");
            s.execute("INSERT INTO steps (plan_id, step_order, name, kind) SELECT id, 10, 'ten', 'wait' "
                    + "FROM plans WHERE slug = 'fine'");
        }

        MigrationRunner.migrate(url, "deckhand_app", null);

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(orders(s, "dup")).containsExactly("first=1", "second=2");
            assertThat(orders(s, "fine")).containsExactly("ten=10");
            assertThatThrownBy(() -> s.execute("INSERT INTO steps (plan_id, step_order, name, kind) "
                    + "SELECT id, 1, 'third', 'wait' FROM plans WHERE slug = 'dup'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("steps_plan_order_unique");
        }
    }

    private static List<String> orders(Statement s, String plan) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT st.name, st.step_order FROM steps st JOIN plans p ON p.id = st.plan_id "
                + "WHERE p.slug = '" + plan + "' ORDER BY st.step_order")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "=" + rs.getInt(2));
            }
        }
        return out;
    }
}
