package dev.deckhand.scheduler;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.migrations.MigrationRunner;
import dev.deckhand.testing.TestPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh database migrated as the elevated (super)user, plus the {@code recorded_enqueues} table
 * of {@link RecordingJobEnqueuer}; proctypes connect with {@link #appUrl()}, the least-privilege role.
 */
record SchedulerDatabase(TestPostgres elevated, String appUrl) {

    static final String ROLE = "deckhand_app";
    static final String PASSWORD = "scheduler-test-app-password";

    static SchedulerDatabase migrated(TestPostgres server) throws SQLException {
        TestPostgres db = server.newDatabase();
        MigrationRunner.migrate(DatabaseUrl.parse(db.databaseUrl()), ROLE, PASSWORD);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE recorded_enqueues (
                        id bigserial PRIMARY KEY,
                        unique_key text NOT NULL UNIQUE,
                        type text NOT NULL,
                        queue text NOT NULL,
                        pid bigint NOT NULL,
                        attempts int NOT NULL DEFAULT 1,
                        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())""");
        }
        String app = "postgres://" + ROLE + ":" + PASSWORD + "@" + db.host() + ":" + db.port() + "/" + db.database();
        return new SchedulerDatabase(db, app);
    }

    /** One recorded firing. */
    record Recorded(String uniqueKey, String type, String queue, long pid, int attempts, long recordedAt) {

        String schedule() {
            return uniqueKey.split(":")[1];
        }

        long scheduledAt() {
            return Long.parseLong(uniqueKey.split(":")[2]);
        }
    }

    List<Recorded> recorded() throws SQLException {
        List<Recorded> out = new ArrayList<>();
        try (Connection c = elevated.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT unique_key, type, queue, pid, attempts, "
                     + "(extract(epoch FROM recorded_at) * 1000)::bigint FROM recorded_enqueues ORDER BY id")) {
            while (rs.next()) {
                out.add(new Recorded(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5),
                        rs.getLong(6)));
            }
        }
        return out;
    }

    List<String> quartzJobs() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = elevated.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT job_name FROM qrtz_job_details ORDER BY job_name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
