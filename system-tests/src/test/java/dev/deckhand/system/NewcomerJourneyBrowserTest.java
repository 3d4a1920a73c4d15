package dev.deckhand.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.deckhand.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 acceptance: the newcomer's journey in a real browser, from the {@code bin/run-local}
 * code path (the local-stack jar) on an empty database, with no SQL and no other command: sign in
 * as {@code admin} at the local provider's login form, see the demo product, connect, run the
 * preflight, tick the optional step, run, watch the progress bar reach 100 %, download the log;
 * then {@code alice} (not an admin) sees only her own runs. Screenshots of each page go to
 * {@code web/target/screenshots/} (journey-*.png). Debian's chromium; skipped only when absent.
 */
class NewcomerJourneyBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = ProctypeJar.REPOSITORY.resolve("web/target/screenshots");

    @TempDir
    Path work;

    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @Test
    void aNewcomerSignsInRunsTheDemoPlanAndDownloadsItsLog() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + ": browser tests skipped");
        int web = FreePorts.next();
        Map<String, String> env = new HashMap<>(Map.of("PORT", String.valueOf(web),
                "LOCAL_POSTGRES_PORT", String.valueOf(FreePorts.next()),
                "LOCAL_REDIS_PORT", String.valueOf(FreePorts.next()),
                "LOCAL_OAUTH_PORT", String.valueOf(FreePorts.next()),
                "LOCAL_DEVWORKER_PORT", String.valueOf(FreePorts.next()),
                "LOCAL_SCHEDULER_PORT", String.valueOf(FreePorts.next())));
        Files.createDirectories(SCREENSHOTS);
        try (ProctypeJar stack = ProctypeJar.start("local-stack", work, env);
             Playwright pw = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                     .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu",
                             "--disable-background-networking", "--disable-component-update", "--no-first-run")))) {
            stack.awaitReady(web);
            await("demo catalogue applied").atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(ProctypeJar.get(web, "/api/products").body()).contains("demo-notebook"));
            String base = "http://localhost:" + web;

            // admin: the demo product is there with no other command.
            Page page = newPage(browser);
            page.navigate(base + "/");
            shot(page, "journey-1-home");
            page.locator("a.product-card[data-slug='demo-notebook']").click();
            page.waitForURL("**/products/demo-notebook");
            Page.WaitForURLOptions slow = new Page.WaitForURLOptions().setTimeout(120_000);

            // Sign in: the local provider asks who you are.
            toProvider(page, () -> page.locator("#plan-install").getByText("Sign in to run this plan").click(),
                    () -> page.navigate(base + "/products/demo-notebook"));
            shot(page, "journey-2-provider-login");
            login(page, "admin");
            page.waitForURL("**/products/demo-notebook", slow);
            page.locator("header .user").waitFor();
            assertThat(page.locator("header nav a[href='/admin']").count()).as("admin is an administrator").isEqualTo(1);

            // Connect the demo account (the provider asks again who you are).
            toProvider(page, () -> page.locator("#plan-install [data-action=connect]").click(),
                    () -> page.navigate(base + "/products/demo-notebook"));
            login(page, "admin");
            page.waitForURL("**/products/demo-notebook", slow);
            assertThat(page.locator("#plan-install .account").textContent()).startsWith("Connected as");
            shot(page, "journey-3-product-connected");

            // Preflight, then start the job with the optional step ticked.
            page.locator("#plan-install [data-action=preflight]").click();
            page.waitForURL("**/preflights/*", slow);
            await("preflight").atMost(Duration.ofSeconds(120)).until(() ->
                    "complete".equals(page.locator("#run-status").getAttribute("data-status")));
            assertThat(page.locator("#steps li").all())
                    .allSatisfy(li -> assertThat(li.getAttribute("data-state")).isIn("ok", "warn", "skip"));
            var optional = page.locator("input[name=steps][data-step-name='Add a welcome page']");
            optional.check();
            shot(page, "journey-4-preflight-optional-step");
            page.locator("#start-job").click();
            page.waitForURL("**/jobs/*", slow);
            String jobUrl = page.url();

            // The progress bar reaches 100 % live; every step (the optional one included) ran.
            await("job complete").atMost(Duration.ofSeconds(180)).until(() ->
                    "complete".equals(page.locator("#run-status").getAttribute("data-status")));
            await("progress 100 %").atMost(Duration.ofSeconds(30)).until(() ->
                    "100".equals(page.locator("#run-progress").getAttribute("data-percent")));
            assertThat(page.locator("#run-progress-label").textContent()).isEqualTo("5 of 5 steps done");
            assertThat(page.locator("#steps li").all()).hasSize(5)
                    .allSatisfy(li -> assertThat(li.getAttribute("data-state")).isEqualTo("ok"));
            assertThat(page.locator("#steps li[data-state=ok] .duration").first().textContent()).isNotBlank();
            page.locator("details.log summary").click();
            shot(page, "journey-5-job-complete");

            // Download the log.
            Download download = page.waitForDownload(() -> page.locator("#log-download").click());
            String log = Files.readString(download.path());
            assertThat(log).contains("POST /v1/notebooks -> 201").contains("/pages -> 201")
                    .contains("Verify the notebook: started");

            // My runs: the job, newest first.
            page.locator("#nav-my-runs").click();
            page.waitForURL("**/runs");
            assertThat(page.locator("#runs tr[data-job-id]").count()).isEqualTo(1);
            assertThat(jobUrl).endsWith(page.locator("#runs tr[data-job-id]").first().getAttribute("data-job-id"));
            shot(page, "journey-6-my-runs-admin");

            // alice: not an admin, sees only her own runs (none), and not admin's job.
            Page alice = newPage(browser);
            toProvider(alice, () -> alice.navigate(base + "/runs"), () -> { });
            login(alice, "alice");
            alice.waitForURL("**/runs", slow);
            assertThat(alice.locator("header .user").textContent()).contains("alice");
            assertThat(alice.locator("header nav a[href='/admin']").count()).isZero();
            assertThat(alice.locator("#runs tr[data-job-id]").count()).isZero();
            assertThat(alice.locator("#runs").textContent()).contains("No runs yet.");
            shot(alice, "journey-7-my-runs-alice");
            assertThat(alice.navigate(jobUrl).status()).as("admin's job is not alice's").isEqualTo(404);
            consoleErrors.removeIf(e -> e.contains("status of 404"));
            assertThat(consoleErrors).isEmpty();

            stack.terminate();
            assertThat(stack.awaitExit(90)).as(stack.outputText()).isZero();
        }
    }

    private Page newPage(Browser browser) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900)
                .setAcceptDownloads(true));
        Page page = context.newPage();
        page.setDefaultTimeout(120_000);
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(m.text() + " (" + m.location() + ")");
            }
        });
        page.onPageError(e -> consoleErrors.add("page error: " + e));
        return page;
    }

    /**
     * Does what leads to the provider's login form. On a loaded machine the app's provider
     * discovery can time out (it shows an error page, nothing is lost): the user tries again.
     */
    private void toProvider(Page page, Runnable action, Runnable back) {
        for (int attempt = 1; ; attempt++) {
            action.run();
            try {
                page.locator("input[name=username]").waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                        .setTimeout(60_000));
                consoleErrors.clear(); // the failed attempts' error pages
                return;
            } catch (com.microsoft.playwright.TimeoutError e) {
                if (attempt == 3) {
                    throw e;
                }
                back.run();
            }
        }
    }

    /** The local provider's login form: type the user name, submit. */
    private static void login(Page page, String username) {
        page.locator("input[name=username]").fill(username);
        page.locator("form [type=submit]").first().click();
    }

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
