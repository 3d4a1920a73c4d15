package dev.deckhand.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Translates validated settings into Micronaut configuration properties. This is the only
 * place where variable names meet framework property names, so the framework never reads the
 * environment by itself (one source of truth, one report). Deckhand's own beans do not read
 * settings as properties: they inject {@link ResolvedSettings} (or a typed record bound from it,
 * e.g. {@link QueueSettings}) and read through {@link SettingsCatalog} constants, so no
 * {@code deckhand.settings.*} properties exist (SettingsReadThroughCatalogueTest).
 */
public final class MicronautProperties {

    private static final String WEB = "web";

    private MicronautProperties() {
    }

    public static Map<String, Object> from(ResolvedSettings s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.application.name", "deckhand-" + s.proctype());
        p.put("micronaut.server.port", s.value(SettingsCatalog.PORT));
        // For @Requires(property = "deckhand.proctype") only: beans inject ProcessIdentity for the value.
        p.put("deckhand.proctype", s.proctype());

        DatabaseUrl db = DatabaseUrl.parse(s.value(SettingsCatalog.DATABASE_URL));
        p.put("datasources.default.url", db.jdbcUrl());
        p.put("datasources.default.username", db.username());
        p.put("datasources.default.password", db.password() == null ? "" : db.password());
        p.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        p.put("datasources.default.dialect", "POSTGRES");
        p.put("datasources.default.maximum-pool-size", s.value(SettingsCatalog.DATABASE_POOL_SIZE));
        // The web's pool is fixed-size (every connection opened at boot): under load Hikari otherwise
        // opens connections one by one on its adder thread while requests wait. Other proctypes keep one idle.
        p.put("datasources.default.minimum-idle", WEB.equals(s.proctype()) ? s.value(SettingsCatalog.DATABASE_POOL_SIZE) : 1);
        p.put("datasources.default.pool-name", "deckhand-" + s.proctype());
        // Plan each prepared statement once per connection. With PostgreSQL's default (auto) the step
        // loop's statements (a CTE with an UPDATE, an INSERT from an array parameter and the gate's
        // join) were re-planned on every execution, ~1.5 ms each: a quarter of PostgreSQL's CPU per
        // plan run (docs/BENCHMARKS.md, issue 17; GenericPlansTest). No query of ours needs a custom
        // plan: no partial index is matched against a parameter.
        p.put("datasources.default.data-source-properties.options", "-c plan_cache_mode=force_generic_plan");
        // Fail fast at boot instead of on first request.
        p.put("datasources.default.initialization-fail-timeout", 5000);
        p.put("datasources.default.connection-timeout", 5000);

        RedisUrl redis = RedisUrl.parse(s.value(SettingsCatalog.REDIS_URL));
        p.put("redis.uri", redis.toUriWithCredentials());
        p.put("redis.timeout", "5s");

        // Bodies above this are refused with 413 before reaching a controller.
        p.put("micronaut.server.max-request-size", s.value(SettingsCatalog.MAX_REQUEST_BODY_BYTES));

        // Graceful shutdown is off by default in Micronaut: stop accepting, let requests finish.
        int drain = s.value(SettingsCatalog.JOB_DRAIN_TIMEOUT_SECONDS);
        p.put("micronaut.lifecycle.graceful-shutdown.enabled", true);
        p.put("micronaut.lifecycle.graceful-shutdown.grace-period", drain + "s");
        p.put("micronaut.server.netty.graceful-shutdown-quiet-period", "0s");

        return p;
    }
}
