package dev.deckhand.web.ui.admin;

import dev.deckhand.runtime.jdbc.PoolDataSource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler's triggers as Quartz persisted them (JDBC job store, tables from migration V1):
 * what fires, on which cron expression, and when next. Read-only and read straight from Postgres
 * so the dashboard shows schedules even while the scheduler proctype is down. Blocking.
 */
@Singleton
public class ScheduleReader {

    /** One trigger; {@code nextFire}/{@code previousFire} are null when Quartz has none. */
    public record Schedule(String trigger, String group, String job, String cron, String state, Instant nextFire,
                           Instant previousFire, String schedName) {
        public boolean paused() {
            return state != null && state.startsWith("PAUSED");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleReader.class);
    private static final String SQL = """
            SELECT t.trigger_name, t.trigger_group, t.job_name, c.cron_expression, t.trigger_state,
                   t.next_fire_time, t.prev_fire_time, t.sched_name
              FROM qrtz_triggers t
              LEFT JOIN qrtz_cron_triggers c
                ON c.sched_name = t.sched_name AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group
             ORDER BY t.next_fire_time NULLS LAST, t.trigger_name
             LIMIT 200
            """;

    private final DataSource dataSource;

    /** Reads the pool itself (no @Connectable needed), see {@link PoolDataSource}. */
    public ScheduleReader(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        this.dataSource = PoolDataSource.of(dataSource, resolver);
    }

    /** The triggers, soonest first; empty (and a warning logged) if the database cannot be read. */
    public List<Schedule> schedules() {
        List<Schedule> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Schedule(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs.getLong(6), rs.wasNull()), instant(rs.getLong(7), rs.wasNull()), rs.getString(8)));
            }
        } catch (SQLException e) {
            LOG.warn("cannot read Quartz triggers ({})", e.getMessage());
        }
        return out;
    }

    private static Instant instant(long epochMs, boolean wasNull) {
        return wasNull || epochMs <= 0 ? null : Instant.ofEpochMilli(epochMs);
    }
}
