package dev.deckhand.web.ui.site;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

/** "There is no {what}." with a link home ({@code views/site/not-found.mustache}). */
@JStache(path = "site/not-found")
public record NotFoundPage(String what) implements View {
}
