package dev.deckhand.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Clock;
import java.time.Duration;

/** A replica whose clock disagrees with PostgreSQL's by more than the tolerance is not ready. */
@ExtendWith(PostgresExtension.class)
class ClusterClockSkewCheckTest {

    static PGSimpleDataSource dataSource(TestPostgres pg) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(pg.jdbcUrl());
        ds.setUser(pg.user());
        ds.setPassword(pg.password());
        return ds;
    }

    @Test
    void aSynchronisedClockPasses(TestPostgres pg) throws Exception {
        ClusterClockSkewCheck check = new ClusterClockSkewCheck(dataSource(pg), Clock.systemUTC());
        check.check();
        assertThat(check.skew().abs()).isLessThanOrEqualTo(ClusterClockSkewCheck.TOLERANCE);
    }

    @Test
    void aClockFiveSecondsAheadOrBehindIsReportedWithItsDirection(TestPostgres pg) {
        ClusterClockSkewCheck ahead = new ClusterClockSkewCheck(dataSource(pg),
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5)));
        assertThatThrownBy(ahead::check).hasMessageContaining("ahead of PostgreSQL's")
                .hasMessageContaining("tolerance 2000 ms");
        ClusterClockSkewCheck behind = new ClusterClockSkewCheck(dataSource(pg),
                Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-5)));
        assertThatThrownBy(behind::check).hasMessageContaining("behind PostgreSQL's");
    }
}
