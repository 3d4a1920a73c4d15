package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.RetryPolicy;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.worker.QueueWorker;
import dev.deckhand.jobqueue.worker.WorkerConfig;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The admin dashboard in a real browser: a poison job dies in a real worker, shows up in the
 * dead set on /admin, and the Retry button (a CSRF-protected form POST) puts it back on its queue.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminDashboardBrowserTest {

    /** Always fails, never retries: every job of this type goes straight to the dead set. */
    static final class PoisonPill implements JobHandler {
        @Override
        public String name() {
            return "test.poison";
        }

        @Override
        public RetryPolicy retryPolicy() {
            return RetryPolicy.NONE;
        }

        @Override
        public void perform(JobContext context) {
            throw new IllegalStateException("poisoned <b>on purpose</b>");
        }
    }

    private WebAppUnderTest app;
    private TestPostgres pg;
    private Browser browser;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, @TempDir Path root) {
        this.pg = pg;
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

    @Test
    void aDeadJobIsShownAndRetriedFromTheDashboard() throws Exception {
        JobQueueAdmin admin = app.bean(JobQueueAdmin.class);
        String jobId = app.bean(JobEnqueuer.class).enqueue(
                EnqueueRequest.of("test.poison", Map.of("order", "42")).onQueue("default"));
        try (QueueWorker worker = new QueueWorker(app.bean(RedisClient.class), new WorkerConfig(Map.of("default", 1),
                Duration.ofSeconds(1), 10, app.bean(QueueOptions.class)), List.of(new PoisonPill())).start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(jobId).orElse(""), "dead"::equals);
        }

        Page page = browser.newPage();
        AdminSignIn.open(browser, page, app, pg, "/admin");
        Locator row = page.locator("tr.dead-job[data-job='" + jobId + "']");
        assertThat(row.isVisible()).isTrue();
        assertThat(row.textContent()).contains("test.poison").contains("poisoned <b>on purpose</b>");
        assertThat(page.locator("#queues tr[data-queue='default']").textContent()).contains("default");
        assertThat(page.locator("#release-version").textContent()).as("the pom's version")
                .isEqualTo(System.getProperty("deckhand.version"));
        // The charts fill from the JSON endpoint polled every 2 s.
        await().atMost(Duration.ofSeconds(20)).until(() -> page.locator("#chart-depth polyline").count() > 0);
        Browser.screenshot(page, "admin-dashboard-dead-job");

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Retry")).click();

        await().atMost(Duration.ofSeconds(20)).until(() -> page.locator("tr.dead-job[data-job='" + jobId + "']").count() == 0);
        assertThat(admin.deadCount()).isZero();
        assertThat(admin.state(jobId)).contains("ready");
        assertThat(page.locator("#dead tr.empty").textContent()).contains("dead set is empty");
        Browser.screenshot(page, "admin-dashboard-after-retry");
        assertThat(browser.consoleErrors).isEmpty();
    }
}
