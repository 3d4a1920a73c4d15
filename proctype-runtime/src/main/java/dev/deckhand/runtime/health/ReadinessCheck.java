package dev.deckhand.runtime.health;

/**
 * A backing service this process needs to do useful work. {@code /health/readiness} is green
 * only when every check passes; {@code /health} (liveness) never calls them, so a database
 * outage takes pods out of rotation without restarting them all.
 */
public interface ReadinessCheck {

    /** Short name shown in the readiness body, e.g. "postgres". */
    String name();

    /** Throws when the service is not usable; must return within a couple of seconds. */
    void check() throws Exception;
}
