package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The run page while a job runs, in a real browser against the real web app, OAuth provider and a
 * queue worker: live updates must not lose the user's place (an open log stays open, the focused
 * element keeps focus), because they update individual elements instead of replacing the whole
 * live fragment.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunPageBrowserTest {

    private WebAppUnderTest app;
    private Browser browser;
    private QueueWorker worker;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, @TempDir Path root) {
        app = WebAppUnderTest.start(pg, redis, root, AdminSignIn.oauthEnv(oauth));
        Product product = app.bean(ProductRepository.class).save(new Product(null, "steady", "Steady",
                "Takes a few seconds.", null, Instant.now()));
        ProductVersion version = app.bean(ProductVersionRepository.class).save(
                new ProductVersion(null, product.id(), "1.0", true, Instant.now()));
        Plan plan = app.bean(PlanRepository.class).save(new Plan(null, version.id(), "paced", "Paced", false,
                Instant.now()));
        StepRepository steps = app.bean(StepRepository.class);
        for (int i = 1; i <= 5; i++) {
            steps.save(new Step(null, plan.id(), i, "Stage " + i, "wait", "{\"seconds\": 1.5}", true, Instant.now()));
        }
        worker = new QueueWorker(app.bean(RedisClient.class), new WorkerConfig(Map.of("default", 2, "short", 2),
                Duration.ofSeconds(2), 10, app.bean(QueueOptions.class)),
                app.context.getBeansOfType(JobHandler.class)).start();
        browser = Browser.launch();
    }

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

    /** Signs in through the provider from the plan's "Sign in to run" button (retried: {@link Browser#signIn}). */
    private void signIn(Page page) {
        browser.signIn(page, p -> {
            p.navigate(app.url("/products/steady"));
            p.locator("#plan-paced").getByText("Sign in to run this plan").click();
        });
    }

    private static String stepState(Page page, int n) {
        return page.locator("#steps li").nth(n).getAttribute("data-state");
    }

    @Test
    void anOpenLogStaysOpenAndFocusStaysWhileTheRunProgresses() {
        Page page = browser.newPage();
        page.setDefaultTimeout(120_000); // a loaded 2-core machine: the OAuth round trip can take a while
        signIn(page);
        page.locator("#plan-paced [data-action=start]").click();
        page.waitForURL("**/jobs/*");
        await().atMost(Duration.ofSeconds(60)).until(() -> "running".equals(stepState(page, 0))
                || "ok".equals(stepState(page, 0)));

        // The user opens the log and moves focus to its summary (keyboard users do exactly this).
        page.locator("details.log summary").click();
        page.locator("details.log summary").focus();
        page.evaluate("() => { window.__openLog = document.querySelector('details.log'); "
                + "window.__focused = document.activeElement; }");
        assertThat((Boolean) page.evaluate("() => document.querySelector('details.log').open")).isTrue();

        // Several steps later (several live updates): still the same open log, still focused.
        await().atMost(Duration.ofSeconds(60)).until(() -> "ok".equals(stepState(page, 2)));
        Browser.screenshot(page, "run-page-open-log-while-running");
        assertThat((Boolean) page.evaluate("() => document.querySelector('details.log') === window.__openLog"))
                .as("the log element was not replaced").isTrue();
        assertThat((Boolean) page.evaluate("() => document.querySelector('details.log').open"))
                .as("the log the user opened is still open").isTrue();
        assertThat((Boolean) page.evaluate("() => document.activeElement === window.__focused"))
                .as("focus stayed where the user put it").isTrue();
        // No line lost between the page's rendering and the socket's subscription, none twice.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page.locator("details.log pre").textContent())
                .contains("Stage 1: started", "Stage 2: started", "Stage 3: started"));
        String shown = page.locator("details.log pre").textContent();
        assertThat(shown.split("Stage 2: started", -1)).hasSize(2);
        assertThat(browser.consoleErrors).isEmpty();
    }
}
