package dev.deckhand.runtime.health;

import dev.deckhand.runtime.jdbc.PoolDataSource;
import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.runtime.launch.BackingServiceUnavailableException;
import dev.deckhand.schema.SchemaVersion;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.annotation.PostConstruct;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Refuses to boot while migrations are pending: proctypes never migrate (their role cannot run
 * DDL); the migrations proctype must run first. Compares the highest version applied in
 * {@code flyway_schema_history} with the highest {@code V<n>__*.sql} under
 * {@code classpath:db/migration} (the {@code migrations} module's files, on every app module's
 * class path), so this runtime needs no Flyway. A database ahead of this release is accepted
 * (rolling deploys run old pods against new, backward-compatible schemas). Nothing to compare
 * (no migration files on the class path) means no check.
 *
 * <p>Disabled with {@code deckhand.schema-check=false} (e.g. {@code -Ddeckhand.schema-check=false}).
 */
@Context
@Requires(property = "deckhand.schema-check", notEquals = "false")
public class SchemaVersionCheck {

    private final DataSource dataSource;
    private final ResolvedSettings settings;

    /**
     * @param resolver present with micronaut-data-jdbc: reads go to the pool, see {@link PoolDataSource}
     */
    public SchemaVersionCheck(DataSource dataSource, @Nullable DataSourceResolver resolver, ResolvedSettings settings) {
        this.dataSource = PoolDataSource.of(dataSource, resolver);
        this.settings = settings;
    }

    @PostConstruct
    void verify() {
        Optional<SchemaVersion> needed = SchemaVersion.expected(getClass().getClassLoader());
        if (needed.isEmpty()) {
            if (getClass().getClassLoader().getResource(SchemaVersion.LOCATION + "/V1__quartz_tables.sql") != null) {
                // Files present but not listable (an unusual packaging): never silently skip the check.
                throw new IllegalStateException("cannot list classpath:" + SchemaVersion.LOCATION
                        + " to find the schema version this release needs");
            }
            return;
        }
        Optional<SchemaVersion> installed;
        try (Connection c = dataSource.getConnection()) {
            installed = SchemaVersion.installed(c);
        } catch (SQLException e) {
            throw new BackingServiceUnavailableException("DATABASE_URL: cannot read the schema version from "
                    + DatabaseUrl.parse(settings.value(SettingsCatalog.DATABASE_URL)) + " ("
                    + BackingServiceUnavailableExceptionMessages.root(e) + ")", e);
        }
        if (installed.isEmpty() || installed.get().compareTo(needed.get()) < 0) {
            throw new BackingServiceUnavailableException("DATABASE_URL: schema is at version "
                    + installed.map(SchemaVersion::toString).orElse("none (never migrated)")
                    + " but this release needs " + needed.get() + "; run the migrations proctype", null);
        }
        LoggerFactory.getLogger(SchemaVersionCheck.class).debug("schema at version {} (needs {})",
                installed.get(), needed.get());
    }
}
