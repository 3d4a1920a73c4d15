package dev.deckhand.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mail server is down (connection refused) when a mail is due: the {@code mail.send} job
 * fails, the queue retries it, and once the server is back exactly one mail arrives.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class MailOutageTest {

    static ServerSetup setup;
    static GreenMail smtp;
    static ApplicationContext ctx;
    static TestPostgres db;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        db = pg;
        setup = new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        smtp = new GreenMail(setup);
        smtp.start();
        Map<String, String> env = DomainContext.env(pg, redis, oauth);
        env.put("EMAIL_URL", "smtp://127.0.0.1:" + setup.getPort() + "?starttls=off");
        env.put("FROM_EMAIL", "deckhand@example.test");
        ctx = DomainContext.start(env, new MutableClock());
    }

    @AfterAll
    static void stop() {
        ctx.close();
        smtp.stop();
    }

    @Test
    void aMailDueWhileTheServerIsDownIsDeliveredOnceByARetryWhenItIsBack() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        String address = "outage-" + UUID.randomUUID() + "@example.test";
        MailDeliveryTest.db = db;
        MailDeliveryTest.setUser(r.user().id(), address, "Olga");
        smtp.stop();

        JobQueueAdmin admin = ctx.getBean(JobQueueAdmin.class);
        String id = ctx.getBean(JobEnqueuer.class).enqueue(SendMailJob.reconnect(r.user().id(), r.account().id(),
                ReconnectReasons.UNUSED, "test:" + UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(id).orElse("").equals("retrying"));

        smtp = new GreenMail(setup);
        smtp.start();
        await().atMost(Duration.ofSeconds(120)).until(() -> smtp.getReceivedMessages().length > 0);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> smtp.getReceivedMessages().length == 1);
        assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo(address);
        // The ack follows the delivery (batched by the worker's Acker), so the state catches up.
        await().until(() -> admin.state(id).orElse("").equals("succeeded"));
    }
}
