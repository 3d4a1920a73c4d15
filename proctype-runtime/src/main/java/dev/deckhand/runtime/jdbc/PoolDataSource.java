package dev.deckhand.runtime.jdbc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;

import javax.sql.DataSource;

/**
 * The connection pool itself behind an injected DataSource. With micronaut-data-jdbc on the
 * class path the injected bean is a transaction-aware, contextual proxy that refuses connections
 * outside {@code @Transactional} / {@code @Connectable}; code that manages its own connections
 * (health checks, read-only queries, Quartz with its own transactions) needs the pool. Without
 * Micronaut Data there is no resolver and the bean already is the pool.
 */
public final class PoolDataSource {

    private PoolDataSource() {
    }

    public static DataSource of(DataSource injected, @Nullable DataSourceResolver resolver) {
        return resolver == null ? injected : resolver.resolve(injected);
    }
}
