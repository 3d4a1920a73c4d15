package dev.deckhand.accounts;

import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.runs.NotFoundException;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first administrator without SQL: DECKHAND_ADMINS names users (by provider subject, or by an
 * e-mail address in any case that the provider marked verified) who become administrators when
 * they sign in through the real provider;
 * AdminRoles grants and revokes for the CLI. Every change is in the audit table.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class AdminRolesTest {

    static ApplicationContext ctx;
    static TestOAuthProvider provider;
    static TestPostgres pg;
    static final String BOSS_SUBJECT = "boss-" + UUID.randomUUID();

    @BeforeAll
    static void start(TestPostgres postgres, TestRedis redis, TestOAuthProvider oauth) {
        pg = postgres;
        provider = oauth;
        Map<String, String> env = DomainContext.env(pg, redis, oauth);
        env.put("DECKHAND_ADMINS", " Chief@Example.test , " + BOSS_SUBJECT);
        ctx = DomainContext.start(env, new MutableClock());
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    static User signInAs(String subject, Map<String, Object> claims) throws Exception {
        provider.server().enqueueCallback(new DefaultOAuth2TokenCallback(provider.issuerId(), subject, "JWT",
                List.of("deckhand-test"), claims, 3600));
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        return ctx.getBean(UserRepository.class).findById(r.user().id()).orElseThrow();
    }

    static List<String> audit(UUID user) throws Exception {
        try (var c = pg.connect(); var ps = c.prepareStatement(
                "SELECT action || ' by ' || (details->>'actor') FROM audit WHERE subject_type = 'user' "
                        + "AND subject_id = ? ORDER BY id")) {
            ps.setString(1, user.toString());
            List<String> out = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @Test
    void usersNamedInTheSettingBecomeAdministratorsAtSignIn() throws Exception {
        User unverified = signInAs("chief-" + UUID.randomUUID(), Map.of("email", "chief@example.test"));
        User byEmail = signInAs("chief-" + UUID.randomUUID(), Map.of("email", "chief@example.TEST",
                "email_verified", true));
        User bySubject = signInAs(BOSS_SUBJECT, Map.of());
        User other = signInAs("someone-" + UUID.randomUUID(), Map.of("email", "someone@example.test",
                "email_verified", true));

        assertThat(unverified.isAdmin()).as("an address the provider did not verify").isFalse();
        assertThat(byEmail.isAdmin()).as("named by verified e-mail address").isTrue();
        assertThat(bySubject.isAdmin()).as("named by subject").isTrue();
        assertThat(other.isAdmin()).as("not named").isFalse();
        assertThat(audit(byEmail.id())).containsExactly("admin.granted by DECKHAND_ADMINS");

        User again = signInAs(BOSS_SUBJECT, Map.of());
        assertThat(again.id()).isEqualTo(bySubject.id());
        assertThat(audit(bySubject.id())).as("a second sign-in changes nothing").hasSize(1);
    }

    @Test
    void grantAndRevokeAreAuditedAndIdempotent() throws Exception {
        User admin = signInAs(BOSS_SUBJECT, Map.of());
        String subject = "carol-" + UUID.randomUUID();
        User carol = signInAs(subject, Map.of("email", subject + "@example.test"));
        AdminRoles roles = ctx.getBean(AdminRoles.class);

        assertThat(roles.grant(subject + "@EXAMPLE.test", BOSS_SUBJECT).changed()).isTrue();
        assertThat(ctx.getBean(UserRepository.class).findById(carol.id()).orElseThrow().isAdmin()).isTrue();
        assertThat(roles.grant(carol.id().toString(), "cli").changed()).as("already an administrator").isFalse();
        assertThat(roles.revoke(subject, "cli").changed()).isTrue();
        assertThat(ctx.getBean(UserRepository.class).findById(carol.id()).orElseThrow().isAdmin()).isFalse();

        assertThat(audit(carol.id())).containsExactly("admin.granted by " + BOSS_SUBJECT, "admin.revoked by cli");
        Object actor;
        try (var c = pg.connect(); var ps = c.prepareStatement("SELECT actor_user_id FROM audit "
                + "WHERE subject_id = ? AND action = 'admin.granted'")) {
            ps.setString(1, carol.id().toString());
            try (var rs = ps.executeQuery()) {
                rs.next();
                actor = rs.getObject(1);
            }
        }
        assertThat(actor).as("the acting user's id").isEqualTo(admin.id());

        assertThatThrownBy(() -> roles.grant("nobody-" + UUID.randomUUID(), "cli"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("not found");
    }
}
