package dev.deckhand.runtime.health;

import dev.deckhand.runtime.launch.BackingServiceUnavailableException;
import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.config.RedisUrl;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PostConstruct;

import java.util.List;

/**
 * Fails the boot, naming the variable, when Postgres or Redis is unreachable: a process that
 * cannot work should not report started. Disabled with {@code deckhand.boot-checks=false}.
 */
@Context
@Requires(property = "deckhand.boot-checks", notEquals = "false")
public class BootChecks {

    private final List<ReadinessCheck> checks;
    private final ResolvedSettings settings;

    public BootChecks(List<ReadinessCheck> checks, ResolvedSettings settings) {
        this.checks = checks;
        this.settings = settings;
    }

    @PostConstruct
    void verify() {
        for (ReadinessCheck check : checks) {
            try {
                check.check();
            } catch (Exception e) {
                String variable = switch (check.name()) {
                    case "postgres" -> "DATABASE_URL: cannot connect to " + DatabaseUrl.parse(settings.value(SettingsCatalog.DATABASE_URL));
                    case "redis" -> "REDIS_URL: cannot connect to " + RedisUrl.parse(settings.value(SettingsCatalog.REDIS_URL));
                    default -> check.name() + ": not ready";
                };
                throw new BackingServiceUnavailableException(variable + " ("
                        + BackingServiceUnavailableExceptionMessages.root(e) + ")", e);
            }
        }
    }
}
