package dev.deckhand.web.ui.view;

import io.jstach.jstache.JStache;

/**
 * A page that only says something went wrong or cannot be done ({@code views/message.mustache}):
 * a heading, the message as an alert, a link to the products.
 */
@JStache(path = "message")
public record MessagePage(String heading, String message) implements View {
}
