package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/** Signs a browser in through the real OAuth provider and gives that user the admin role. */
final class AdminSignIn {

    private AdminSignIn() {
    }

    static Map<String, String> oauthEnv(TestOAuthProvider oauth) {
        return Map.of("OAUTH_ISSUER_URL", oauth.issuerUrl(), "OAUTH_CLIENT_ID", "deckhand-test",
                "OAUTH_CLIENT_SECRET", "deckhand-test-client-secret", "OAUTH_SCOPES", "openid offline_access");
    }

    /**
     * Opens {@code path} (under /admin): the app sends the browser to sign in and back; a fresh user
     * is refused (403) until granted the admin role, after which the page loads.
     */
    static void open(Browser browser, Page page, WebAppUnderTest app, TestPostgres pg, String path) throws Exception {
        Response refused = page.navigate(app.url(path));
        assertThat(page.url()).isEqualTo(app.url(path));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(page.locator("h1").textContent()).isEqualTo("Admins only");
        // Chromium logs the expected 403 as a console error; it is the only one allowed.
        browser.consoleErrors.removeIf(e -> e.contains("status of 403"));
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE users SET is_admin = true");
        }
        assertThat(page.navigate(app.url(path)).status()).isEqualTo(200);
    }
}
