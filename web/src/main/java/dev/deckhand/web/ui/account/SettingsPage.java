package dev.deckhand.web.ui.account;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.List;

/**
 * {@code GET /settings} ({@code views/account/settings.mustache}): where mail goes, the "e-mail me
 * when a run finishes or fails" checkbox, and the user's API tokens with a revoke button each.
 *
 * @param note a hint shown under the checkbox (mail is off on this Deckhand), or empty
 */
@JStache(path = "account/settings")
record SettingsPage(String csrf, String email, boolean emailOnRunEnd, String note, List<Token> tokens)
        implements View {

    /** One API token, never its value. Times are ISO-8601; {@code used} is "never" until first use. */
    record Token(String id, String created, String expires, String used) {
    }
}
