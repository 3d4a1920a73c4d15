package dev.deckhand.web.ui.view;

import java.util.Objects;

/**
 * The one type that marks markup as already safe. Templates escape every {@code {{value}}}; only a
 * {@link Safe} reaches a page unescaped ({@code {{{value.html}}}}), and the only {@link Safe} values
 * are {@link View}s already rendered through their own (escaping) templates.
 */
public final class Html {

    private Html() {
    }

    /** Markup that is inserted verbatim: a rendered {@link View}. */
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
}
