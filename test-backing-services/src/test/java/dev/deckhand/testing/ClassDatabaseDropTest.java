package dev.deckhand.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A class's database is dropped when the class ends, and a connection the class left open is cut
 * with it: a leaked pool must not hold the shared server's connection slots for later classes
 * (CI once failed later web classes with "too many clients already").
 */
class ClassDatabaseDropTest {

    @Test
    void droppingCutsConnectionsLeftOpenAndRemovesTheDatabaseAndThoseMadeFromIt() throws Exception {
        TestPostgres db = PostgresExtension.server().newDatabase();
        TestPostgres madeByTheTest = db.newDatabase();
        Connection leaked = db.connect();
        Connection leakedToTheOther = madeByTheTest.connect();
        assertThat(isOpenOnTheServer(leaked)).isTrue();
        assertThat(isOpenOnTheServer(leakedToTheOther)).isTrue();

        db.dropFor("ALeakyTestClass");

        assertThatThrownBy(() -> isOpenOnTheServer(leaked)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> isOpenOnTheServer(leakedToTheOther)).isInstanceOf(SQLException.class);
        assertThat(exists(db)).isFalse();
        assertThat(exists(madeByTheTest)).isFalse();
        assertThat(TestPostgres.classesThatLeftConnections()).containsSubsequence("ALeakyTestClass (1)", "ALeakyTestClass (1)");
    }

    private static boolean exists(TestPostgres db) throws SQLException {
        try (Connection c = PostgresExtension.server().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + db.database() + "'")) {
            rs.next();
            return rs.getLong(1) == 1;
        }
    }

    private static boolean isOpenOnTheServer(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        }
    }
}
