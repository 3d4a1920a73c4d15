package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogue management and browsing in a real browser: an admin creates a product, a version, a
 * plan and its steps with the forms on /admin/catalogue, and a visitor then finds them on / and
 * /products/{slug}. Markup in user-supplied text must come out as text.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogueBrowserTest {

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
    void anAdminBuildsAPlanThatVisitorsCanBrowse() throws Exception {
        Page page = browser.newPage();
        AdminSignIn.open(browser, page, app, pg, "/admin/catalogue");
        page.fill("#product-slug", "crm-starter");
        page.fill("#product-title", "CRM <script>alert(1)</script> Starter");
        page.fill("#product-description", "Sets up a CRM sandbox.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create product")).click();

        Locator product = page.locator("section.product[data-slug='crm-starter']");
        assertThat(product.locator("h2").textContent()).contains("CRM <script>alert(1)</script> Starter");
        product.locator("summary", new Locator.LocatorOptions().setHasText("New version")).click();
        product.locator("input[name=label]").fill("1.0");
        product.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create version")).click();

        Locator version = page.locator("section.product[data-slug='crm-starter'] .version[data-version='1.0']");
        version.locator("summary", new Locator.LocatorOptions().setHasText("New plan")).click();
        version.locator("input[name=slug]").fill("quick-setup");
        version.locator("input[name=title]").fill("Quick setup");
        version.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create plan")).click();

        // Steps are validated like the admin API's (CatalogueAdmin): an http step needs a path.
        for (String[] step : new String[][] {{"Create sandbox", "http", "{\"method\":\"POST\",\"path\":\"/v1/sandboxes\"}"},
                {"Wait for it", "wait", "{}"}}) {
            Locator plan = page.locator(".plan[data-plan='quick-setup']");
            Locator newStep = plan.locator("details.new-step");
            newStep.locator("summary").click();
            newStep.locator("input[name=name]").fill(step[0]);
            newStep.locator("input[name=kind]").fill(step[1]);
            newStep.locator("textarea[name=config]").fill(step[2]);
            plan.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add step")).click();
        }
        assertThat(page.locator(".plan[data-plan='quick-setup'] tbody tr").allTextContents())
                .hasSize(2).anySatisfy(t -> assertThat(t).contains("Create sandbox").contains("http"));

        // Invalid input is refused with the reason, and nothing is created.
        page.fill("#product-slug", "Not A Slug");
        page.fill("#product-title", "x");
        page.evalOnSelector("#product-slug", "e => e.removeAttribute('pattern')");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create product")).click();
        assertThat(page.locator(".flash-error").textContent()).contains("slug must be");
        Browser.screenshot(page, "admin-catalogue");

        page.navigate(app.url("/"));
        page.locator("a.product-card[data-slug='crm-starter']").click();
        assertThat(page.url()).endsWith("/products/crm-starter");
        assertThat(page.locator("h1").textContent()).isEqualTo("CRM <script>alert(1)</script> Starter");
        assertThat(page.locator("#plan-quick-setup .steps li").allTextContents())
                .hasSize(2).first().asString().contains("Create sandbox");
        Browser.screenshot(page, "product-page");
        // The only console error is Chromium reporting the deliberate 422 above.
        assertThat(browser.consoleErrors).allMatch(e -> e.contains("422"));
    }
}
