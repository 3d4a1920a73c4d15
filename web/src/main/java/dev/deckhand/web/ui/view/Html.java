package dev.deckhand.web.ui.view;

import dev.deckhand.text.HtmlEscape;

import java.util.Objects;

/**
 * HTML escaping (the one escaper, {@link HtmlEscape}, shared with the HTML mail), and the one type that marks markup as already safe. Templates escape every value
 * except {@link Safe} ones, so a string can only reach a page unescaped if code wrapped it on
 * purpose (and every such wrap is built from escaped parts or fixed markup).
 */
public final class Html {

    private Html() {
    }

    /** Markup that is inserted verbatim. Build it only from {@link #escape}d text and literals. */
    public record Safe(String html) {
        public Safe {
            Objects.requireNonNull(html, "html");
        }

        @Override
        public String toString() {
            return html;
        }
    }

    public static Safe safe(String html) {
        return new Safe(html);
    }

    /** Escapes text for element content and quoted attribute values. Null becomes empty. */
    public static String escape(Object value) {
        return HtmlEscape.escape(value);
    }
}
