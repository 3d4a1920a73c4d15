package dev.deckhand.runs;

import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every connection of the app's pool plans its prepared statements once (PostgreSQL's
 * {@code plan_cache_mode = force_generic_plan}): with the default ({@code auto}) PostgreSQL kept
 * re-planning the step loop's statements (a CTE with an UPDATE, an INSERT from an array and the
 * gate's join) on every execution, ~1.5 ms of planning each, a quarter of PostgreSQL's CPU per plan
 * run (docs/BENCHMARKS.md, issue 17). Checked on the pool the app really uses, with the settings
 * as the proctypes load them.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class GenericPlansTest {

    static ApplicationContext ctx;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis) {
        ctx = DomainContext.start(DomainContext.env(pg, redis, null), new MutableClock());
    }

    @AfterAll
    static void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    void theAppsConnectionsUseGenericPlans() throws Exception {
        try (Connection c = DelegatingDataSource.unwrapDataSource(ctx.getBean(DataSource.class)).getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW plan_cache_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("force_generic_plan");
        }
    }
}
