package dev.deckhand.web.ui.view;

import io.jstach.jstache.JStache;

import java.util.List;
import java.util.Optional;

/**
 * The site's layout ({@code views/layout.mustache}) around a page body; filled only by
 * {@link Pages}. The body is the one unescaped slot: it is another {@link View} already rendered
 * (and so escaped by its own template).
 *
 * @param csrf         the CSRF token for scripts ({@code <meta name="csrf-token">}); empty on error pages
 * @param scripts      fingerprinted script URLs, loaded {@code defer} (the CSP allows no inline script)
 * @param noticesTopic the signed-in user's topic for the {@code #notices} live region, if any
 */
@JStache(path = "layout")
record Layout(String title, String section, String csrf, AssetLinks assets, Nav nav, List<String> scripts,
              Optional<String> noticesTopic, Html.Safe body) implements View {
}
