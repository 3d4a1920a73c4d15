package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.RequestOptions;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.Product;
import dev.deckhand.catalogue.ProductRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 item 1 (reliability-tests row 33) with a second browser as the attacker's tool, against
 * the real web app and provider: a browser signed in as another provider user that completes the
 * first user's connect flow gets 400 and nothing is stored; a victim browser that opens an
 * attacker's callback URL (login CSRF) gets 400 and is not signed in.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OAuthFlowBindingBrowserTest {

    private WebAppUnderTest app;
    private Browser browser;
    private TestPostgres db;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, @TempDir Path root) {
        db = pg;
        app = WebAppUnderTest.start(pg, redis, root, AdminSignIn.oauthEnv(oauth));
        Product product = app.bean(ProductRepository.class).save(new Product(null, "binding", "Binding",
                "Flow binding.", null, Instant.now()));
        ProductVersion version = app.bean(ProductVersionRepository.class).save(
                new ProductVersion(null, product.id(), "1.0", true, Instant.now()));
        Plan plan = app.bean(PlanRepository.class).save(new Plan(null, version.id(), "quick-setup", "Quick setup", false,
                Instant.now()));
        app.bean(StepRepository.class).save(new Step(null, plan.id(), 1, "Wait", "wait", "{\"seconds\": 0}", true,
                Instant.now()));
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

    /** A fresh browser context; generous timeouts: the first sign-in of a JVM includes discovery. */
    private Page newPage() {
        Page page = browser.newPage();
        page.setDefaultTimeout(90_000);
        page.setDefaultNavigationTimeout(90_000);
        return page;
    }

    private void signIn(Page page) {
        page.navigate(app.url("/signin?next=/products/binding"));
        page.locator("header .user").waitFor();
        assertThat(page.url()).endsWith("/products/binding");
    }

    /** Lets the page go as far as {@code prefix}, then stops it there and hands back the URL. */
    private static AtomicReference<String> stopAt(Page page, String prefix) {
        AtomicReference<String> seen = new AtomicReference<>();
        page.context().route(url -> url.startsWith(prefix), route -> {
            seen.set(route.request().url());
            route.abort();
        });
        return seen;
    }

    private int rows(String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aSecondBrowserSignedInAsAnotherUserCannotCompleteTheFirstUsersConnect(TestOAuthProvider oauth) throws Exception {
        Page alice = newPage();
        signIn(alice);
        AtomicReference<String> providerUrl = stopAt(alice, oauth.authorizationUrl());
        alice.locator("#plan-quick-setup [data-action=connect]").click();
        // Playwright runs route handlers only while the test thread is inside a Playwright call.
        alice.waitForCondition(() -> providerUrl.get() != null);
        int accounts = rows("SELECT count(*) FROM connected_accounts");

        Page bob = newPage();
        signIn(bob);
        int afterBob = rows("SELECT count(*) FROM connected_accounts");
        assertThat(afterBob).isEqualTo(accounts + 1);
        Response r = bob.navigate(providerUrl.get());
        assertThat(bob.url()).startsWith(app.url("/oauth/callback"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(bob.locator("h1").textContent()).isEqualTo("Sign-in failed");
        assertThat(rows("SELECT count(*) FROM connected_accounts")).as("nothing stored").isEqualTo(afterBob);
        Browser.screenshot(bob, "binding-1-foreign-connect-refused");
        browser.consoleErrors.removeIf(e -> e.contains("status of 400"));
    }

    @Test
    void aVictimOpeningAnAttackersCallbackUrlIsNotSignedIn(TestOAuthProvider oauth) throws Exception {
        // The attacker's own browser starts a sign-in and keeps the callback URL instead of opening it
        // (its request context shares the browser's cookies; redirects are not followed).
        Page attacker = newPage();
        RequestOptions noRedirects = RequestOptions.create().setMaxRedirects(0);
        APIResponse start = attacker.context().request().get(app.url("/signin"), noRedirects);
        assertThat(start.status()).isEqualTo(303);
        APIResponse atProvider = attacker.context().request().get(start.headers().get("location"), noRedirects);
        String callbackUrl = atProvider.headers().get("location");
        assertThat(callbackUrl).startsWith(app.url("/oauth/callback"));
        int users = rows("SELECT count(*) FROM users");

        Page victim = newPage();
        Response r = victim.navigate(callbackUrl);
        assertThat(r.status()).isEqualTo(400);
        assertThat(victim.locator("header .user").count()).as("not signed in").isZero();
        assertThat(victim.context().cookies()).noneSatisfy(c -> assertThat(c.name).endsWith("session"));
        assertThat(rows("SELECT count(*) FROM users")).as("nothing stored").isEqualTo(users);
        browser.consoleErrors.removeIf(e -> e.contains("status of 400"));
    }
}
