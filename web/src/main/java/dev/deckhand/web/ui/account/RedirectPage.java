package dev.deckhand.web.ui.account;

import dev.deckhand.web.ui.view.AssetLinks;
import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

/**
 * A standalone page (no layout) that sends the browser on to {@code url} with a meta refresh and a
 * "Continue" link ({@code views/account/redirect.mustache}): the hop to the account provider after
 * a form POST, which the CSP's {@code form-action 'self'} would refuse as a redirect.
 */
@JStache(path = "account/redirect")
record RedirectPage(String title, String url, AssetLinks assets) implements View {
}
