package dev.deckhand.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

/**
 * Adds the process's registry (the one {@code /prometheus} serves) to Micrometer's global
 * registry, {@link Metrics#globalRegistry}, for as long as the context runs. Why: plain objects
 * that are not beans and are also built by hand in tests (the outbound HTTP clients' timers in
 * domain's {@code http.OutboundHttpMetrics}) record to the global registry; without a running
 * proctype that is a no-op, with one the meters appear on {@code /prometheus}.
 */
@Context
@Requires(beans = MeterRegistry.class)
public class GlobalRegistryBridge {

    private final MeterRegistry registry;

    public GlobalRegistryBridge(MeterRegistry registry) {
        this.registry = registry;
        Metrics.addRegistry(registry);
    }

    @PreDestroy
    void detach() {
        Metrics.removeRegistry(registry);
    }
}
