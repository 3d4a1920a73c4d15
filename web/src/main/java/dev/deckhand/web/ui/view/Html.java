package dev.deckhand.web.ui.view;

import java.util.Objects;

/**
 * HTML escaping, and the one type that marks markup as already safe. Views ({@link View}) escape
 * every {@code {{value}}} and insert a {@link Safe} only through {@code {{{value.html}}}}, which is
 * used for a rendered view alone (the layout's body); the old {@link Templates} escape every value
 * except {@link Safe} ones. So a string can only reach a page unescaped if code wrapped it on
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
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '`' -> out.append("&#96;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
