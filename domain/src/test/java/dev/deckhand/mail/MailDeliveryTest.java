package dev.deckhand.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.credentials.CredentialVault;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.credentials.CredentialSweeper;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.oauth.OAuthFlows;
import dev.deckhand.runs.RunService;
import dev.deckhand.runs.RunStatus;
import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.support.OAuthBrowser;
import dev.deckhand.support.SmtpTlsFront;
import dev.deckhand.support.TestJobContext;
import dev.deckhand.support.TestPlans;
import dev.deckhand.support.TestTls;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Mail end to end on real services: the worker in this context runs {@code mail.send} from the
 * short queue against GreenMail behind a real STARTTLS exchange with AUTH ({@link SmtpTlsFront}),
 * for the events that trigger mail (a run finished, a swept account, dead-set growth).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class MailDeliveryTest {

    static final String SMTP_USER = "deckhand-mailer";
    static final String SMTP_PASSWORD = "smtp-pw-7Qx9";
    static final String OPERATOR = "ops@example.test";
    static final MutableClock CLOCK = new MutableClock();
    static GreenMail smtp;
    static SmtpTlsFront front;
    static ApplicationContext ctx;
    static TestPostgres db;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) throws Exception {
        db = pg;
        TestTls tls = TestTls.create();
        smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("deckhand@example.test", SMTP_USER,
                        SMTP_PASSWORD));
        smtp.start();
        front = new SmtpTlsFront(SmtpTlsFront.Mode.STARTTLS, tls.server(), smtp.getSmtp().getPort());
        Map<String, String> env = DomainContext.env(pg, redis, oauth);
        env.put("EMAIL_URL", "smtp://" + SMTP_USER + ":" + SMTP_PASSWORD + "@127.0.0.1:" + front.port());
        env.put("FROM_EMAIL", "Deckhand <deckhand@example.test>");
        env.put("OPERATOR_EMAIL", OPERATOR);
        env.put("ALLOWED_HOSTS", "deckhand.example.test");
        ctx = DomainContext.start(env, CLOCK, new MailTls(tls.client().getSocketFactory()));
    }

    @AfterAll
    static void stop() throws Exception {
        ctx.close();
        front.close();
        smtp.stop();
    }

    @Test
    void aFinishedRunIsMailedOverStartTlsToAUserWhoOptedInWithTextAndEscapedHtmlAndNoTokens() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        List<String> secrets = secretsOf(r);
        String address = "ann-" + UUID.randomUUID() + "@example.test";
        setUser(r.user().id(), address, "Ann <script>alert(1)</script> & Co");
        ctx.getBean(MailPreferences.class).setEmailOnRunEnd(r.user().id(), true);
        Plan plan = TestPlans.publish(ctx, "mail-" + UUID.randomUUID(), false,
                List.of(Map.of("name", "settle", "kind", "wait", "config", Map.of("seconds", 0))));
        RunService runs = ctx.getBean(RunService.class);
        UUID jobId = runs.startJob(r.user(), plan.id(), null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> RunStatus.COMPLETE.equals(runs.job(r.user(), jobId).status()));

        MimeMessage mail = awaitOneMailTo(address);
        assertThat(mail.getSubject()).isEqualTo("Deckhand: your run of Install finished");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("Deckhand <deckhand@example.test>");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(text).contains("Hello Ann <script>alert(1)</script> & Co,").contains("finished")
                .contains(jobId.toString()).contains("https://deckhand.example.test/jobs/" + jobId);
        assertThat(html).contains("Ann &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co").doesNotContain("<script>")
                .contains("<a href=\"https://deckhand.example.test/jobs/" + jobId + "\">");

        assertThat(front.tlsSessions.get()).as("mail went through STARTTLS").isPositive();
        assertThat(front.clearTextCommands).as("nothing but EHLO/STARTTLS before TLS").isEmpty();
        assertNoSecretsIn(GreenMailUtil.getWholeMessage(mail), secrets);
    }

    @Test
    void noRunMailWithoutTheOptIn() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        String address = "bob-" + UUID.randomUUID() + "@example.test";
        setUser(r.user().id(), address, "Bob");
        Plan plan = TestPlans.publish(ctx, "nomail-" + UUID.randomUUID(), false,
                List.of(Map.of("name", "settle", "kind", "wait", "config", Map.of("seconds", 0))));
        RunService runs = ctx.getBean(RunService.class);
        UUID jobId = runs.startJob(r.user(), plan.id(), null).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> RunStatus.COMPLETE.equals(runs.job(r.user(), jobId).status()));
        // The mail job for this run is queued by the "final" event; it finds no opt-in and sends nothing.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mailsTo(address).isEmpty());
    }

    @Test
    void aSweptAccountAlwaysGetsTheReconnectMail() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        List<String> secrets = secretsOf(r);
        String address = "cat-" + UUID.randomUUID() + "@example.test";
        setUser(r.user().id(), address, "Cat");
        CLOCK.advance(Duration.ofMinutes(16));
        ctx.getBean(CredentialSweeper.class).perform(new TestJobContext(CredentialSweeper.TYPE));

        MimeMessage mail = awaitOneMailTo(address);
        assertThat(mail.getSubject()).isEqualTo("Deckhand: please reconnect your account");
        assertThat(GreenMailUtil.getBody(mail)).contains("not used for a while");
        assertNoSecretsIn(GreenMailUtil.getWholeMessage(mail), secrets);
    }

    @Test
    void aRunThatHitARefusedRefreshGetsTheReconnectMailOnce() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        String address = "fay-" + UUID.randomUUID() + "@example.test";
        setUser(r.user().id(), address, "Fay");
        // What PlanRunner publishes when a step meets ReconnectRequiredException (twice: one mail per run).
        Map<String, String> payload = Map.of("job_id", UUID.randomUUID().toString());
        EventPublisher events = ctx.getBean(EventPublisher.class);
        events.publish(EventPublisher.userTopic(r.user().id()), "reconnect", payload);
        events.publish(EventPublisher.userTopic(r.user().id()), "reconnect", payload);

        MimeMessage mail = awaitOneMailTo(address);
        assertThat(GreenMailUtil.getBody(mail)).contains("no longer accepts");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mailsTo(address).size() == 1);
    }

    @Test
    void aServerRefusingMailWith5xxIsRetriedUntilItAcceptsAndTheMailArrivesOnce() throws Exception {
        OAuthFlows.Result r = OAuthBrowser.signIn(ctx);
        String address = "dan-" + UUID.randomUUID() + "@example.test";
        setUser(r.user().id(), address, "Dan");
        var mailer = smtp.getUserManager().getUser(SMTP_USER);
        smtp.getUserManager().deleteUser(mailer); // AUTH now fails: 535
        String id;
        try {
            id = ctx.getBean(JobEnqueuer.class).enqueue(SendMailJob.reconnect(r.user().id(), null,
                    ReconnectReasons.REFRESH_FAILED, "test:" + UUID.randomUUID()));
            JobQueueAdmin admin = ctx.getBean(JobQueueAdmin.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(id).orElse("").equals("retrying"));
            assertThat(mailsTo(address)).isEmpty();
        } finally {
            smtp.setUser("deckhand@example.test", SMTP_USER, SMTP_PASSWORD);
        }
        awaitOneMailTo(address);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mailsTo(address).size() == 1);
        JobQueueAdmin admin = ctx.getBean(JobQueueAdmin.class); // the ack follows the delivery
        await().until(() -> admin.state(id).orElse("").equals("succeeded"));
    }

    @Test
    void operatorsAreAlertedWhenTheDeadSetGrowsAtMostHourly() throws Exception {
        DeadSetAlertCheck check = ctx.getBean(DeadSetAlertCheck.class);
        JobQueueAdmin admin = ctx.getBean(JobQueueAdmin.class);
        TestJobContext job = new TestJobContext(DeadSetAlertCheck.TYPE);
        CLOCK.advance(Duration.ofHours(2));
        check.perform(job); // baseline: whatever earlier tests left dead (alerted once if any)
        await().atMost(Duration.ofSeconds(30)).until(() -> queuedMailJobsDone(admin));
        int before = mailsTo(OPERATOR).size();

        long dead = admin.deadCount();
        killOneJob(admin, dead);
        CLOCK.advance(Duration.ofHours(2));
        check.perform(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(OPERATOR).size() == before + 1);
        MimeMessage alert = mailsTo(OPERATOR).get(before);
        assertThat(alert.getSubject()).isEqualTo("Deckhand alert: " + (dead + 1) + " jobs in the dead set (was "
                + dead + ")");

        check.perform(job); // no growth: no mail
        killOneJob(admin, dead + 1);
        CLOCK.advance(Duration.ofMinutes(10));
        check.perform(job); // grew, but the last alert is 10 minutes old
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> mailsTo(OPERATOR).size() == before + 1);
        CLOCK.advance(Duration.ofMinutes(51));
        check.perform(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(OPERATOR).size() == before + 2);
        assertThat(mailsTo(OPERATOR).get(before + 1).getSubject()).contains((dead + 2) + " jobs").contains("was " + (dead + 1));
    }

    /** A job of a type nobody handles dies on the worker's first fetch. */
    private static void killOneJob(JobQueueAdmin admin, long deadBefore) {
        ctx.getBean(JobEnqueuer.class).enqueue(dev.deckhand.jobqueue.EnqueueRequest.of("test.no-such-handler",
                Map.of()).onQueue("short"));
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.deadCount() == deadBefore + 1);
    }

    private static boolean queuedMailJobsDone(JobQueueAdmin admin) {
        var stats = admin.stats("short");
        return stats.ready() == 0 && stats.inFlight() == 0;
    }

    static void setUser(UUID userId, String email, String name) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("UPDATE users SET email = ?, name = ? WHERE id = ?")) {
            ps.setString(1, email);
            ps.setString(2, name);
            ps.setObject(3, userId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static MimeMessage awaitOneMailTo(String address) {
        await().atMost(Duration.ofSeconds(90)).until(() -> !mailsTo(address).isEmpty());
        assertThat(mailsTo(address)).hasSize(1);
        return mailsTo(address).get(0);
    }

    /** Every token this sign-in produced (session, access, refresh) and the deploy's secrets. */
    static List<String> secretsOf(OAuthFlows.Result r) {
        ConnectedAccount account = ctx.getBean(ConnectedAccountRepository.class).findById(r.account().id()).orElseThrow();
        CredentialVault vault = ctx.getBean(CredentialVault.class);
        var settings = ctx.getBean(dev.deckhand.config.ResolvedSettings.class);
        List<String> secrets = new java.util.ArrayList<>(List.of(r.sessionToken(), SMTP_PASSWORD,
                settings.value(SettingsCatalog.SECRET_KEY), settings.value(SettingsCatalog.DB_ENCRYPTION_KEY),
                settings.value(SettingsCatalog.OAUTH_CLIENT_SECRET),
                vault.decrypt(account.accessToken(), dev.deckhand.credentials.TokenColumn.ACCESS_TOKEN, account.id())));
        if (account.refreshToken() != null) {
            secrets.add(vault.decrypt(account.refreshToken(), dev.deckhand.credentials.TokenColumn.REFRESH_TOKEN, account.id()));
        }
        return secrets;
    }

    static void assertNoSecretsIn(String rawMail, List<String> secrets) {
        assertThat(secrets).allSatisfy(secret -> assertThat(rawMail).doesNotContain(secret));
    }
}
