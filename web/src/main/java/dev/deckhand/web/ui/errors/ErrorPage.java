package dev.deckhand.web.ui.errors;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.Optional;

/**
 * The body of a browser error page ({@code views/error.mustache}): heading and message by status
 * ({@link HtmlErrorPages#textFor}), and the request id to quote to the operators when there is one.
 */
@JStache(path = "error")
record ErrorPage(int status, String heading, String message, Optional<String> requestId) implements View {
}
