package dev.deckhand.mail;

import dev.deckhand.catalogue.Plan;
import dev.deckhand.credentials.CredentialSweeper;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.runs.RunService;
import dev.deckhand.runs.RunStatus;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.LogCapture;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.TestJobContext;
import dev.deckhand.support.TestPlans;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Without EMAIL_URL mail is off: said once in the log, and runs, sweeps and checks work as before. */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class MailDisabledTest {

    @Test
    void everythingWorksWithoutMailAndNoMailJobIsQueued(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth)
            throws Exception {
        MutableClock clock = new MutableClock();
        try (LogCapture log = new LogCapture();
             ApplicationContext ctx = DomainContext.start(DomainContext.env(pg, redis, oauth), clock)) {
            OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
            ctx.getBean(MailPreferences.class).setEmailOnRunEnd(r.user().id(), true);
            Plan plan = TestPlans.publish(ctx, "nomail-" + UUID.randomUUID(), false,
                    List.of(Map.of("name", "settle", "kind", "wait", "config", Map.of("seconds", 0))));
            RunService runs = ctx.getBean(RunService.class);
            UUID jobId = runs.startJob(r.user(), plan.id(), null).id();
            await().atMost(Duration.ofSeconds(60)).until(() -> RunStatus.COMPLETE.equals(runs.job(r.user(), jobId).status()));
            clock.advance(Duration.ofMinutes(16));
            ctx.getBean(CredentialSweeper.class).perform(new TestJobContext(CredentialSweeper.TYPE));
            ctx.getBean(DeadSetAlertCheck.class).perform(new TestJobContext(DeadSetAlertCheck.TYPE));

            assertThat(log.lines).filteredOn(l -> l.contains("e-mail is disabled (EMAIL_URL is empty)")).hasSize(1);
            assertThat(log.lines).noneMatch(l -> l.contains(SendMailJob.NAME + ")") || l.contains("mail sent")
                    || l.contains("could not queue"));
        }
    }
}
