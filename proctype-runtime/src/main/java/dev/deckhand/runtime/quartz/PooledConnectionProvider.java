package dev.deckhand.runtime.quartz;

import org.quartz.utils.ConnectionProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Hands Quartz connections from the application's Hikari pool (the least-privilege app role), so
 * the scheduler (and web's schedule control) have one pool, configured and health-checked like every other proctype's. The pool
 * belongs to Micronaut: Quartz never closes it.
 */
final class PooledConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;

    PooledConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // The pool outlives the scheduler; Micronaut closes it.
    }

    @Override
    public void initialize() {
        // Nothing to do: the pool is already started.
    }
}
