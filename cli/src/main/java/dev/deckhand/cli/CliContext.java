package dev.deckhand.cli;

import dev.deckhand.config.InvalidSettingsException;
import dev.deckhand.config.MicronautProperties;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.config.SettingsValidator;
import dev.deckhand.runtime.launch.BackingServiceUnavailableException;
import io.micronaut.context.ApplicationContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI's Deckhand context, started lazily on the first bean a command asks for: settings from
 * the same layers as the proctypes (base, {@code DECKHAND_ENV}, proctype layer {@code cli} (none
 * today), {@code .env*} files under {@code PROJECT_ROOT}, the environment), validated as a proctype
 * validates them (all problems at once, {@link InvalidSettingsException}, exit 2), then the same
 * Micronaut properties as a proctype. No HTTP server is started and the scheduler's clock is off
 * (its classes are here only for the schedule list). An unreachable PostgreSQL/Redis surfaces as
 * {@link BackingServiceUnavailableException} naming the variable (exit 3).
 */
public final class CliContext implements Services {

    public static final String PROCTYPE = "cli";

    private final Map<String, String> environment;
    private ResolvedSettings settings;
    private ApplicationContext context;

    public CliContext(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public synchronized ResolvedSettings settings() {
        if (settings == null) {
            settings = SettingsValidator.requireValid(SettingsLoader.load(PROCTYPE, environment, null));
        }
        return settings;
    }

    @Override
    public synchronized <T> T bean(Class<T> type) {
        if (context == null) {
            context = start(settings());
        }
        return context.getBean(type);
    }

    private static ApplicationContext start(ResolvedSettings settings) {
        Map<String, Object> properties = new LinkedHashMap<>(MicronautProperties.from(settings));
        properties.put("deckhand.scheduler.enabled", "false");
        properties.put("datasources.default.maximum-pool-size", 2);
        try {
            return ApplicationContext.builder()
                    .deduceEnvironment(false)
                    .deduceCloudEnvironment(false)
                    .environmentPropertySource(false)
                    .environments(settings.environment(), PROCTYPE)
                    .properties(properties)
                    .singletons(settings)
                    .banner(false)
                    .start();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
                if (t instanceof InvalidSettingsException invalid) {
                    throw invalid;
                }
            }
            throw BackingServiceUnavailableException.explain(e, settings).orElseThrow(() -> e);
        }
    }

    @Override
    public synchronized void close() {
        if (context != null && context.isRunning()) {
            context.close();
        }
    }
}
