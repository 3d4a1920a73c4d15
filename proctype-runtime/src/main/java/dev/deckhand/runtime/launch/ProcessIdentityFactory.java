package dev.deckhand.runtime.launch;

import dev.deckhand.config.ProcessIdentity;
import dev.deckhand.config.ResolvedSettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The process's {@link ProcessIdentity}, bound once from its settings: the one bean health,
 * metrics, Sentry and the worker registry take their proctype and environment from.
 */
@Factory
public class ProcessIdentityFactory {

    @Singleton
    ProcessIdentity processIdentity(@Nullable ResolvedSettings settings) {
        return settings == null ? ProcessIdentity.UNKNOWN : ProcessIdentity.of(settings);
    }
}
