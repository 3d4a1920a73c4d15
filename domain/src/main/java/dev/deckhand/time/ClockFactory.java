package dev.deckhand.time;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The system UTC clock. Secondary so that a test (or another module) registering its own Clock
 * wins: every time-dependent rule in the domain (token lifetime, preflight expiry) reads this bean.
 */
@Factory
public class ClockFactory {

    @Singleton
    @Secondary
    public Clock clock() {
        return Clock.systemUTC();
    }
}
