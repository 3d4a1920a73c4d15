package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 items 7 and 8 in a real browser: an admin edits a step, moves one up, marks one
 * optional, uploads a product image (catalogue.js, multipart with the CSRF header) and sees it on
 * the product card, previews the plan, and is refused (409, with the reason) when deleting a plan
 * that a running job needs. An unknown page is an HTML 404 in the site's layout.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogueEditingBrowserTest {

    private WebAppUnderTest app;
    private TestPostgres pg;
    private Browser browser;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, @TempDir Path root) {
        this.pg = pg;
        Map<String, String> env = new HashMap<>(AdminSignIn.oauthEnv(oauth));
        env.put("MEDIA_ROOT", root.resolve("media").toString());
        app = WebAppUnderTest.start(pg, redis, root, env);
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

    private static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 64; y++) {
                img.setRGB(x, y, (x + y) % 16 < 8 ? 0x2b6cb0 : 0xffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static List<String> stepNames(Locator plan) {
        return plan.locator("tbody tr td.step-name").allTextContents();
    }

    @Test
    void anAdminEditsReordersMarksOptionalUploadsAnImageAndCannotDeleteABusyPlan() throws Exception {
        CatalogueAdmin admin = app.bean(CatalogueAdmin.class);
        UUID product = admin.createProduct(null, "crm-suite", "CRM Suite", "Everything for a CRM.", null).id();
        ProductVersion v = admin.createVersion(null, product, "1.0", true);
        Plan setup = admin.createPlan(null, v.id(), "setup", "Set up", false);
        for (String name : new String[] {"Create", "Update", "Verify"}) {
            admin.appendStep(null, setup.id(), name, "wait", Map.of(), true);
        }
        Plan busy = admin.createPlan(null, v.id(), "busy", "Busy plan", false);
        admin.appendStep(null, busy.id(), "Work", "wait", Map.of(), true);

        Page page = browser.newPage();
        // Generous: the machine is shared and slow under load (no timed assertions here).
        page.setDefaultTimeout(120_000);
        page.setDefaultNavigationTimeout(120_000);
        AdminSignIn.open(browser, page, app, pg, "/admin/catalogue");
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO jobs (plan_id, user_id, status) SELECT ?, id, 'started' FROM users LIMIT 1")) {
            ps.setObject(1, busy.id());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        page.reload();

        // Edit a step.
        Locator plan = page.locator(".plan[data-plan='setup']");
        Locator update = plan.locator("tr[data-step-name='Update']");
        update.locator("details.edit-step summary").click();
        update.locator("input[name=name]").fill("Update records");
        update.locator("textarea[name=config]").fill("{\"seconds\": 0}");
        update.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save step")).click();
        plan = page.locator(".plan[data-plan='setup']");
        assertThat(stepNames(plan)).containsExactly("Create", "Update records", "Verify");

        // Reorder: Verify up, above "Update records".
        plan.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Move Verify up")).click();
        plan = page.locator(".plan[data-plan='setup']");
        assertThat(stepNames(plan)).containsExactly("Create", "Verify", "Update records");

        // Mark a step optional.
        plan.locator("tr[data-step-name='Verify']").getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Make optional")).click();
        assertThat(page.locator(".plan[data-plan='setup'] tr[data-step-name='Verify'] td.step-required").textContent())
                .isEqualTo("optional");
        Browser.screenshot(page, "admin-catalogue-edited");

        // Upload an image: catalogue.js posts it with the CSRF header, the page reloads with it.
        Locator productSection = page.locator("section.product[data-slug='crm-suite']");
        productSection.locator("details.product-image summary").click();
        productSection.locator("input[type=file][name=image]")
                .setInputFiles(new FilePayload("logo.png", "image/png", png()));
        productSection.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Upload image")).click();
        page.locator("section.product[data-slug='crm-suite'] h2 img.product-image").waitFor();

        // An SVG is refused with the reason shown by the form.
        productSection = page.locator("section.product[data-slug='crm-suite']");
        productSection.locator("details.product-image summary").click();
        productSection.locator("input[type=file][name=image]").setInputFiles(new FilePayload("x.svg", "image/svg+xml",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes()));
        productSection.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Upload image")).click();
        Locator uploadError = productSection.locator(".upload-error");
        uploadError.waitFor();
        assertThat(uploadError.textContent()).contains("PNG, JPEG or WebP");
        browser.consoleErrors.removeIf(e -> e.contains("status of 422"));

        // Deleting a plan a running job needs is refused, with the reason; nothing is deleted.
        Response refused = page.waitForResponse(r -> r.url().endsWith("/plans/" + busy.id() + "/delete"),
                () -> page.locator(".plan[data-plan='busy']").getByRole(AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Delete plan")).click());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(page.locator(".flash-error").first().textContent()).contains("cannot be deleted while a run needs it");
        assertThat(page.locator(".plan[data-plan='busy']").count()).isEqualTo(1);
        browser.consoleErrors.removeIf(e -> e.contains("status of 409"));
        Browser.screenshot(page, "admin-catalogue-delete-refused");

        // The preview shows the plan as users will: steps in order, the optional one marked.
        page.navigate(app.url("/admin/catalogue/plans/" + setup.id() + "/preview"));
        assertThat(page.locator("#plan-setup .steps li .name").allTextContents())
                .containsExactly("Create", "Verify", "Update records");
        assertThat(page.locator("#plan-setup .steps li").nth(1).textContent()).contains("optional");
        Browser.screenshot(page, "admin-plan-preview");

        // The product card shows the image, loaded (the CSP allows it, the bytes decode).
        page.navigate(app.url("/"));
        Locator cardImage = page.locator("a.product-card[data-slug='crm-suite'] img.product-image");
        cardImage.waitFor();
        page.waitForFunction("img => img.complete && img.naturalWidth === 64", cardImage.elementHandle());
        Browser.screenshot(page, "product-card-image");

        // Browsers get HTML errors in the site's layout.
        Response missing = page.navigate(app.url("/no/such/page"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(page.locator("h1").textContent()).isEqualTo("Page not found");
        assertThat(page.locator("header.topbar a.brand").count()).isEqualTo(1);
        browser.consoleErrors.removeIf(e -> e.contains("status of 404"));
        Browser.screenshot(page, "error-404");
        assertThat(browser.consoleErrors).isEmpty();
    }
}
