package dev.deckhand.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.schema.SchemaVersion;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Migrations are idempotent and safe to run from several processes at once. */
@ExtendWith(PostgresExtension.class)
class MigrationRunnerTest {

    @Test
    void secondRunAppliesNothingAndLeavesTheSchemaAtTheExpectedVersion(TestPostgres pg) throws Exception {
        TestPostgres db = pg.newDatabase();
        DatabaseUrl url = DatabaseUrl.parse(db.databaseUrl());

        MigrationRunner.Outcome first = MigrationRunner.migrate(url, "deckhand_app", null);
        MigrationRunner.Outcome second = MigrationRunner.migrate(url, "deckhand_app", null);

        assertThat(first.applied()).isGreaterThanOrEqualTo(2);
        assertThat(first.version()).isEqualTo(SchemaVersion.expected());
        assertThat(second.applied()).isZero();
        assertThat(second.version()).isEqualTo(SchemaVersion.expected());
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE NOT success")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM qrtz_locks WHERE sched_name = 'deckhand'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void concurrentRunsOnAFreshDatabaseBothSucceed(TestPostgres pg) throws Exception {
        TestPostgres db = pg.newDatabase();
        DatabaseUrl url = DatabaseUrl.parse(db.databaseUrl());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<MigrationRunner.Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return MigrationRunner.migrate(url, "deckhand_app", null);
                }));
            }
            go.countDown();
            int applied = 0;
            for (Future<MigrationRunner.Outcome> run : runs) {
                MigrationRunner.Outcome outcome = run.get();
                assertThat(outcome.version()).isEqualTo(SchemaVersion.expected());
                applied += outcome.applied();
            }
            // Exactly one run applied the migrations; the others found nothing pending.
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL")) {
                rs.next();
                assertThat(applied).isEqualTo(rs.getInt(1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void versionsCompareNumericallyAndTheClasspathHoldsOursInOrder() {
        assertThat(SchemaVersion.parse("10")).isGreaterThan(SchemaVersion.parse("9"));
        assertThat(SchemaVersion.parse("2.1")).isGreaterThan(SchemaVersion.parse("2"));
        assertThat(SchemaVersion.parse("2_1")).isEqualByComparingTo(SchemaVersion.parse("2.1"));
        assertThat(SchemaVersion.fileNames(getClass().getClassLoader()))
                .contains("V1__quartz_tables.sql", "V2__app_role.sql", "afterMigrate__app_role_grants.sql");
        assertThat(SchemaVersion.expected()).isGreaterThanOrEqualTo(SchemaVersion.parse("2"));
    }
}
