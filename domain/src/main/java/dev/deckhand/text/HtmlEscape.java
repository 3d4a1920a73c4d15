package dev.deckhand.text;

/**
 * The one HTML escaper, for the web pages and the HTML mail: text becomes safe in element
 * content and in quoted attribute values ({@code & < > " ' `} become character references).
 */
public final class HtmlEscape {

    private HtmlEscape() {
    }

    /** Escapes {@code value}'s text; null becomes empty. */
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
