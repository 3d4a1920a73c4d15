package dev.deckhand.cli;

import dev.deckhand.config.ResolvedSettings;

/**
 * What a command needs from the running system: beans of the Deckhand context (repositories, the
 * queue admin API, the audit log) and the resolved settings. The real one ({@link CliContext})
 * starts the context on first use, so {@code --help} and usage errors never load settings or
 * connect anywhere; tests pass a context they started on their own backing services.
 */
public interface Services extends AutoCloseable {

    <T> T bean(Class<T> type);

    ResolvedSettings settings();

    @Override
    void close();

    /** Over an already running context (tests): closing it is the caller's business. */
    static Services of(io.micronaut.context.ApplicationContext context) {
        return new Services() {
            @Override
            public <T> T bean(Class<T> type) {
                return context.getBean(type);
            }

            @Override
            public ResolvedSettings settings() {
                return context.getBean(ResolvedSettings.class);
            }

            @Override
            public void close() {
            }
        };
    }
}
