package dev.deckhand.runtime.health;

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

    /**
     * With Micronaut Data on the classpath the injected DataSource is a contextual proxy that
     * needs a surrounding @Connectable; the resolver unwraps it to the real pool.
     */
    public PostgresReadinessCheck(DataSource dataSource, @io.micronaut.core.annotation.Nullable
            io.micronaut.jdbc.DataSourceResolver resolver) {
        this.dataSource = resolver == null ? dataSource : resolver.resolve(dataSource);
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
