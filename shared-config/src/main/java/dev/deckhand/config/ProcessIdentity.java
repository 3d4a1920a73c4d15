package dev.deckhand.config;

/**
 * Which proctype this process is and in which environment: what health, metrics, error reports
 * and the worker registry label it with. Declared once here and injected (proctype-runtime binds it
 * from the process's {@link ResolvedSettings}; tests that start a context without settings register
 * one), so no bean reads {@code deckhand.proctype} with a default of its own.
 *
 * @param proctype    web, worker, worker-short, scheduler, devworker, migrations (or {@code unknown})
 * @param environment local, test, staging or production (or {@code unknown})
 */
public record ProcessIdentity(String proctype, String environment) {

    /** A context started without settings (some tests): labelled, not failed. */
    public static final ProcessIdentity UNKNOWN = new ProcessIdentity("unknown", "unknown");

    public static ProcessIdentity of(ResolvedSettings settings) {
        return new ProcessIdentity(settings.proctype(), settings.environment());
    }
}
