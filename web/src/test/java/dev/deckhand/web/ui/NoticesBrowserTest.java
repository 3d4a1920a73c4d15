package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.catalogue.Step;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.runs.Job;
import dev.deckhand.runs.JobRepository;
import dev.deckhand.runs.RunStatus;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * "reconnect" and "final" events of the user show a notice on any page: a signed-in browser on an
 * unrelated page (settings) receives them through the real path (the app's {@link EventPublisher}
 * to Redis, the web's relay, the page's WebSocket, live.js) into {@code #notices}, a polite live
 * region. The run page's status and progress label are live regions too, so screen readers
 * announce changes.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticesBrowserTest {

    private WebAppUnderTest app;
    private Browser browser;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, @TempDir Path root) {
        app = WebAppUnderTest.start(pg, redis, root, AdminSignIn.oauthEnv(oauth));
        browser = Browser.launch();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /** Signs in through the provider, back to {@code next} (retried: {@link Browser#signIn}). */
    private void signIn(Page page, String next) {
        browser.signIn(page, p -> p.navigate(app.url("/signin?next=" + next)));
    }

    private User signedInUser(Page page) {
        String topic = page.locator("#notices").getAttribute("data-topic");
        assertThat(topic).startsWith("user:");
        return app.bean(UserRepository.class).findById(UUID.fromString(topic.substring("user:".length())))
                .orElseThrow();
    }

    @Test
    void reconnectAndFinalEventsShowANoticeOnAnUnrelatedPage() {
        Page page = browser.newPage();
        signIn(page, "/settings");
        page.waitForURL("**/settings");
        User user = signedInUser(page);
        Locator notices = page.locator("#notices");
        assertThat(notices.getAttribute("aria-live")).isEqualTo("polite");
        assertThat(notices.getAttribute("role")).isEqualTo("status");
        // Published only once the page listens: events are fire-and-forget.
        await().atMost(Duration.ofSeconds(60)).until(() -> "subscribed".equals(notices.getAttribute("data-ws")));

        UUID reconnectJob = UUID.randomUUID();
        UUID finishedJob = UUID.randomUUID();
        EventPublisher events = app.bean(EventPublisher.class);
        events.publish(EventPublisher.userTopic(user.id()), "reconnect", Map.of("job_id", reconnectJob.toString()));
        events.publish(EventPublisher.userTopic(user.id()), "final",
                Map.of("job_id", finishedJob.toString(), "status", RunStatus.COMPLETE));

        Locator reconnect = notices.locator(".notice[data-kind=reconnect]");
        Locator done = notices.locator(".notice[data-kind=final]");
        await().atMost(Duration.ofSeconds(60)).until(() -> reconnect.count() == 1 && done.count() == 1);
        assertThat(reconnect.textContent()).contains("Your account connection needs renewing");
        assertThat(reconnect.locator("a").getAttribute("href")).isEqualTo("/jobs/" + reconnectJob);
        assertThat(done.locator("a").textContent()).isEqualTo("Job complete.");
        assertThat(done.locator("a").getAttribute("href")).isEqualTo("/jobs/" + finishedJob);
        assertThat(page.url()).endsWith("/settings");
        Browser.screenshot(page, "notices-on-settings");

        // Dismissed notices go; another user's events never reach this page (published first, so
        // over the same ordered channel it would arrive before this user's next one).
        done.locator("button").click();
        await().atMost(Duration.ofSeconds(30)).until(() -> done.count() == 0);
        events.publish(EventPublisher.userTopic(UUID.randomUUID()), "final",
                Map.of("job_id", UUID.randomUUID().toString(), "status", RunStatus.FAILED));
        events.publish(EventPublisher.userTopic(user.id()), "final",
                Map.of("job_id", finishedJob.toString(), "status", RunStatus.CANCELED));
        await().atMost(Duration.ofSeconds(60)).until(() -> done.count() >= 1);
        assertThat(done.allTextContents()).as("only this user's event").hasSize(1).allMatch(t -> t.contains("Job canceled."));
        assertThat(browser.consoleErrors).isEmpty();
    }

    @Test
    void theRunPagesStatusAndProgressAreLiveRegions() {
        Page page = browser.newPage();
        signIn(page, "/settings");
        User user = signedInUser(page);
        CatalogueAdmin admin = app.bean(CatalogueAdmin.class);
        UUID product = admin.createProduct(null, "live-" + UUID.randomUUID().toString().substring(0, 8), "Live",
                null, null).id();
        UUID plan = admin.createPlan(null, admin.createVersion(null, product, "1.0", true).id(), "install", "Install",
                false).id();
        Step step = admin.appendStep(null, plan, "Wait", "wait", Map.of("seconds", 0), true);
        Job job = app.bean(JobRepository.class).save(new Job(null, plan, user.id(), null, null, RunStatus.COMPLETE,
                "[\"" + step.id() + "\"]", "{}", false, null, Instant.now(), Instant.now()));

        page.navigate(app.url("/jobs/" + job.id()));
        assertThat(page.locator("#run-status").getAttribute("aria-live")).isEqualTo("polite");
        assertThat(page.locator("#run-status").getAttribute("role")).isEqualTo("status");
        assertThat(page.locator("#run-progress-label").getAttribute("aria-live")).isEqualTo("polite");
        assertThat(page.locator("#run-progress").getAttribute("aria-labelledby")).isEqualTo("run-progress-label");
        assertThat(page.locator("#notices").getAttribute("aria-live")).isEqualTo("polite");
        assertThat(browser.consoleErrors).isEmpty();
    }
}
