/**
 * E-mail: which mails exist ({@link dev.deckhand.mail.Mail}), what they say (one record and its
 * templates under {@code deckhand/mail/} per kind), and their delivery ({@code mail.send}). The
 * templates are compiled by jstachio-apt against their records: HTML bodies are HTML-escaped,
 * subjects and text bodies are plain text, a value the record lacks fails the build and a null
 * value fails the render.
 */
@JStacheConfig(
        pathing = @JStachePath(prefix = "deckhand/mail/"),
        contentType = Html.class,
        formatter = DefaultFormatter.class)
package dev.deckhand.mail;

import io.jstach.jstache.JStacheConfig;
import io.jstach.jstache.JStachePath;
import io.jstach.jstachio.escapers.Html;
import io.jstach.jstachio.formatters.DefaultFormatter;
