package dev.deckhand.scheduler.quartz;

import dev.deckhand.runtime.jdbc.PoolDataSource;
import dev.deckhand.runtime.health.ReadinessCheck;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/**
 * Readiness check "clock": this replica's clock against PostgreSQL's, the clock every replica
 * shares. Clustered Quartz assumes synchronised clocks (a replica decides that another one died,
 * and that a trigger misfired, by comparing its own time with times the others wrote), so a
 * replica whose clock is off by more than {@link #TOLERANCE} turns not-ready and logs a warning
 * naming the skew: the alert an operator needs before firings go missing or run twice.
 *
 * <p>The database time is read between two local readings; half the round trip is the
 * measurement's uncertainty and is granted on top of the tolerance, so a slow query never looks
 * like skew.
 */
@Singleton
public class ClusterClockSkewCheck implements ReadinessCheck {

    /** Well under Quartz's cluster check-in interval (7.5 s) and misfire threshold (60 s). */
    public static final Duration TOLERANCE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterClockSkewCheck.class);

    private final DataSource dataSource;
    private final Clock clock;

    @Inject
    public ClusterClockSkewCheck(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        this(PoolDataSource.of(dataSource, resolver), Clock.systemUTC());
    }

    /** With another view of local time (tests skew it). */
    public ClusterClockSkewCheck(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public void check() throws Exception {
        Duration skew = skew();
        if (skew.abs().compareTo(TOLERANCE) > 0) {
            String message = "this scheduler's clock is " + Math.abs(skew.toMillis()) + " ms "
                    + (skew.isNegative() ? "behind" : "ahead of") + " PostgreSQL's (tolerance " + TOLERANCE.toMillis()
                    + " ms): clustered Quartz needs synchronised clocks; fix NTP on this host";
            LOG.warn(message);
            throw new IllegalStateException(message);
        }
    }

    /** Local minus database time, with the measurement's uncertainty already subtracted (zero if within it). */
    public Duration skew() throws Exception {
        long before = clock.millis();
        long database;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            try (ResultSet rs = s.executeQuery("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")) {
                rs.next();
                database = rs.getLong(1);
            }
        }
        long after = clock.millis();
        long uncertainty = (after - before + 1) / 2;
        long raw = (before + after) / 2 - database;
        long beyond = Math.max(0, Math.abs(raw) - uncertainty);
        return Duration.ofMillis(raw < 0 ? -beyond : beyond);
    }
}
