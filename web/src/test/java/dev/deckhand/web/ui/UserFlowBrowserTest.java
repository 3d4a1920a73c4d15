package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.Product;
import dev.deckhand.catalogue.ProductRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.worker.QueueWorker;
import dev.deckhand.jobqueue.worker.WorkerConfig;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
 * The user journey in a real browser against the real web app, a real OAuth provider and a real
 * queue worker running the domain's job handlers: browse, sign in, connect, preflight, start a
 * job and watch its steps complete live, then start another run and cancel it mid-way.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserFlowBrowserTest {

    private WebAppUnderTest app;
    private Browser browser;
    private QueueWorker worker;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, @TempDir Path root) {
        app = WebAppUnderTest.start(pg, redis, root, AdminSignIn.oauthEnv(oauth));
        seedCatalogue();
        // A worker for both queues, with the job handlers the app itself knows (plan.run, preflight.run).
        worker = new QueueWorker(app.bean(RedisClient.class), new WorkerConfig(Map.of("default", 2, "short", 2),
                Duration.ofSeconds(2), 10, app.bean(QueueOptions.class)),
                app.context.getBeansOfType(JobHandler.class)).start();
        browser = Browser.launch();
    }

    private void seedCatalogue() {
        Product product = app.bean(ProductRepository.class).save(new Product(null, "crm-starter", "CRM Starter",
                "Sets up a CRM sandbox.", null, Instant.now()));
        ProductVersion version = app.bean(ProductVersionRepository.class).save(
                new ProductVersion(null, product.id(), "1.0", true, Instant.now()));
        PlanRepository plans = app.bean(PlanRepository.class);
        StepRepository steps = app.bean(StepRepository.class);
        Plan quick = plans.save(new Plan(null, version.id(), "quick-setup", "Quick setup", true, Instant.now()));
        steps.save(new Step(null, quick.id(), 1, "Prepare sandbox", "wait", "{\"seconds\": 0.5}", true, Instant.now()));
        steps.save(new Step(null, quick.id(), 2, "Load sample data", "wait", "{\"seconds\": 0.5}", true, Instant.now()));
        Plan slow = plans.save(new Plan(null, version.id(), "full-migration", "Full migration", false, Instant.now()));
        steps.save(new Step(null, slow.id(), 1, "Snapshot", "wait", "{\"seconds\": 0.2}", true, Instant.now()));
        steps.save(new Step(null, slow.id(), 2, "Copy everything", "wait", "{\"seconds\": 120}", true, Instant.now()));
        steps.save(new Step(null, slow.id(), 3, "Verify", "wait", "{\"seconds\": 1}", true, Instant.now()));
        Plan fragile = plans.save(new Plan(null, version.id(), "fragile-import", "Fragile import", false, Instant.now()));
        steps.save(new Step(null, fragile.id(), 1, "Prepare import", "wait", "{\"seconds\": 0.2}", true, Instant.now()));
        // A kind this release does not have: the step fails until an admin fixes the plan.
        brokenStep = steps.save(new Step(null, fragile.id(), 2, "Import", "not-yet-deployed", "{}", true, Instant.now()));
    }

    private Step brokenStep;

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private static String runStatus(Page page) {
        return page.locator("#run-status").getAttribute("data-status");
    }

    @Test
    void browseSignInConnectPreflightRunAndCancel(TestOAuthProvider oauth) {
        Page page = browser.newPage();
        java.util.function.Predicate<com.microsoft.playwright.Request> toProvider =
                r -> r.isNavigationRequest() && r.url().startsWith(oauth.authorizationUrl());
        page.navigate(app.url("/"));
        page.locator("a.product-card[data-slug='crm-starter']").click();
        assertThat(page.locator("h1").textContent()).isEqualTo("CRM Starter");
        Browser.screenshot(page, "user-1-product");

        // Sign in at the provider (non-interactive) and come back to the product page.
        page.waitForRequest(toProvider, () -> page.locator("#plan-quick-setup").getByText("Sign in to run this plan").click());
        page.locator("header .user").waitFor(); // back on the product page, signed in
        assertThat(page.url()).endsWith("/products/crm-starter");
        Locator quick = page.locator("#plan-quick-setup");
        assertThat(quick.locator(".account").textContent()).startsWith("Connected as");

        // Connect (here: reconnect) the account through the provider again.
        page.waitForRequest(toProvider, () -> quick.locator("[data-action=connect]").click());
        page.waitForURL("**/products/crm-starter");
        assertThat(page.locator("#plan-quick-setup .account").textContent()).startsWith("Connected as");

        // Preflight, watched live until it completes cleanly.
        page.locator("#plan-quick-setup [data-action=preflight]").click();
        page.waitForURL("**/preflights/*");
        await().atMost(Duration.ofSeconds(60)).until(() -> "complete".equals(runStatus(page)));
        assertThat(page.locator("#steps li").all()).hasSize(2)
                .allSatisfy(li -> assertThat(li.getAttribute("data-state")).isIn("ok", "skip", "warn"));
        Browser.screenshot(page, "user-2-preflight");

        // Start the job from the preflight page and watch every step complete.
        page.locator("#start-job").click();
        page.waitForURL("**/jobs/*");
        await().atMost(Duration.ofSeconds(60)).until(() -> "complete".equals(runStatus(page)));
        assertThat(page.locator("#steps li").all()).hasSize(2)
                .allSatisfy(li -> assertThat(li.getAttribute("data-state")).isEqualTo("ok"));
        Browser.screenshot(page, "user-3-job-complete");

        // Another run: seen live while its long step runs, then canceled.
        page.navigate(app.url("/products/crm-starter"));
        page.locator("#plan-full-migration [data-action=start]").click();
        page.waitForURL("**/jobs/*");
        // The page subscribes to the job's topic on /ws/notifications and refreshes on its events.
        await().atMost(Duration.ofSeconds(30)).until(() -> "subscribed".equals(page.locator("#run").getAttribute("data-ws")));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "ok".equals(page.locator("#steps li").nth(0).getAttribute("data-state"))
                        && "running".equals(page.locator("#steps li").nth(1).getAttribute("data-state")));
        Browser.screenshot(page, "user-4-job-running");
        page.locator("#cancel").click();
        await().atMost(Duration.ofSeconds(60)).until(() -> "canceled".equals(runStatus(page)));
        assertThat(page.locator("#steps li").nth(2).getAttribute("data-state")).isNotEqualTo("ok");
        Browser.screenshot(page, "user-5-job-canceled");

        // A run that fails at step 2; once the plan is fixed, its owner retries it from step 2.
        page.navigate(app.url("/products/crm-starter"));
        page.locator("#plan-fragile-import [data-action=start]").click();
        page.waitForURL("**/jobs/*");
        await().atMost(Duration.ofSeconds(60)).until(() -> "failed".equals(runStatus(page)));
        Browser.screenshot(page, "user-6-job-failed");
        app.bean(StepRepository.class).update(new Step(brokenStep.id(), brokenStep.planId(), 2, "Import", "wait",
                "{\"seconds\": 0.2}", true, brokenStep.createdAt()));
        page.locator("#retry").click();
        page.waitForURL("**/jobs/*");
        await().atMost(Duration.ofSeconds(60)).until(() -> "complete".equals(runStatus(page)));
        assertThat(page.locator("#steps li").all()).hasSize(2)
                .allSatisfy(li -> assertThat(li.getAttribute("data-state")).isEqualTo("ok"));
        String log = page.locator("details.log pre").textContent();
        assertThat(log).contains("retry (attempt 2) requested by the owner: resuming at step 2 (Import)");
        assertThat(log.split("Prepare import: started", -1)).as("step 1 is not run again").hasSize(2);
        Browser.screenshot(page, "user-7-job-retried");

        assertThat(browser.consoleErrors).isEmpty();
    }
}
