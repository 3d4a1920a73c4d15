package dev.deckhand.runtime.health;

import dev.deckhand.runtime.jdbc.PoolDataSource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;

/** Postgres answers a trivial query within the pool's timeout. */
@Singleton
public class PostgresReadinessCheck implements ReadinessCheck {

    private final DataSource dataSource;

    /** Checks the pool itself, see {@link PoolDataSource}. */
    public PostgresReadinessCheck(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        this.dataSource = PoolDataSource.of(dataSource, resolver);
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void check() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            s.execute("SELECT 1");
        }
    }
}
