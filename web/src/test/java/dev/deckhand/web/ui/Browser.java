package dev.deckhand.web.ui;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.TimeoutError;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Headless Debian Chromium driven by Playwright (no Playwright browser download). Tests are
 * skipped, not failed, only when /usr/bin/chromium is absent. Collects console errors (CSP
 * violations show up there) so tests can assert a page ran cleanly.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;
    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    private Browser(Playwright playwright, com.microsoft.playwright.Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static Browser launch() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM + ": browser tests skipped");
        Playwright pw = Playwright.create(new Playwright.CreateOptions()
                .setEnv(java.util.Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        com.microsoft.playwright.Browser b = pw.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        return new Browser(pw, b);
    }

    /** A fresh context (own cookies) and page, reporting console errors and page errors. */
    Page newPage() {
        Page page = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1280, 900)).newPage();
        // Generous: CI and shared dev hosts run several JVMs on 2 cores.
        page.setDefaultNavigationTimeout(120_000);
        page.setDefaultTimeout(60_000);
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                consoleErrors.add(m.text() + " (" + m.location() + ")");
            }
        });
        page.onPageError(e -> consoleErrors.add("page error: " + e));
        return page;
    }

    /**
     * Signs {@code page} in through the provider: {@code start} leads it there (a sign-in link, a
     * "sign in to run" button), and the sign-in has succeeded once the page's header shows the user.
     * On a loaded machine the provider's discovery can time out (the app then shows an error page and
     * nothing is lost), so, as a user would, it tries again, up to three times; the failed attempts'
     * console errors are dropped.
     */
    void signIn(Page page, Consumer<Page> start) {
        for (int attempt = 1; ; attempt++) {
            start.accept(page);
            try {
                page.locator("header .user").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
                consoleErrors.clear();
                return;
            } catch (TimeoutError e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    static void screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
