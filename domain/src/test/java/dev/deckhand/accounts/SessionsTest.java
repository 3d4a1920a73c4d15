package dev.deckhand.accounts;

import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token resolution against the real schema: the issued token's user comes back whole; unknown,
 * malformed, expired (by the injected Clock) and revoked tokens resolve to nothing, at once.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class SessionsTest {

    static ApplicationContext ctx;
    static final MutableClock CLOCK = new MutableClock();
    static Sessions sessions;
    static UserRepository users;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis) {
        ctx = DomainContext.start(DomainContext.env(pg, redis, null), CLOCK);
        sessions = ctx.getBean(Sessions.class);
        users = ctx.getBean(UserRepository.class);
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    static User newUser(boolean admin) {
        return users.save(new User(null, "https://issuer.test", "sub-" + UUID.randomUUID(), "ann@example.test",
                "Ann", admin, Instant.now().truncatedTo(ChronoUnit.MICROS)));
    }

    @Test
    void anIssuedTokenResolvesToItsWholeUser() {
        User user = newUser(true);
        String token = sessions.issue(user, "api", Duration.ofHours(1));
        assertThat(sessions.resolve(token)).contains(user);
        assertThat(sessions.resolve(sessions.issue(newUser(false), "session", Duration.ofHours(1))))
                .hasValueSatisfying(u -> assertThat(u.isAdmin()).isFalse());
    }

    @Test
    void unknownAndMalformedTokensResolveToNothing() {
        String token = sessions.issue(newUser(false), "api", Duration.ofHours(1));
        assertThat(sessions.resolve(null)).isEmpty();
        assertThat(sessions.resolve("")).isEmpty();
        assertThat(sessions.resolve(token.substring(3))).as("without the dh_ prefix").isEmpty();
        assertThat(sessions.resolve(token + "x")).isEmpty();
        assertThat(sessions.resolve("dh_" + "A".repeat(43))).isEmpty();
    }

    @Test
    void aTokenIsRefusedOnceTheClockPassesItsExpiry() {
        User user = newUser(false);
        String shortLived = sessions.issue(user, "session", Duration.ofMinutes(10));
        String longLived = sessions.issue(user, "session", Duration.ofHours(1));
        CLOCK.advance(Duration.ofMinutes(9));
        assertThat(sessions.resolve(shortLived)).as("before expiry").contains(user);
        CLOCK.advance(Duration.ofMinutes(2));
        assertThat(sessions.resolve(shortLived)).as("after expiry").isEmpty();
        assertThat(sessions.resolve(longLived)).as("another token of the same user").contains(user);
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        User user = newUser(false);
        String token = sessions.issue(user, "api", Duration.ofHours(1));
        assertThat(sessions.resolve(token)).contains(user);
        sessions.revoke(token);
        assertThat(sessions.resolve(token)).isEmpty();
    }
}
