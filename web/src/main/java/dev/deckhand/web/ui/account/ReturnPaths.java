package dev.deckhand.web.ui.account;

/**
 * Where to send the browser after sign-in or connect. Only same-site absolute paths are accepted
 * ({@code /products/x}); anything else ({@code //evil}, {@code https://...}, backslashes,
 * control characters) becomes {@code /}, so the parameter cannot be used as an open redirect.
 */
final class ReturnPaths {

    private ReturnPaths() {
    }

    static String safe(String next) {
        if (next == null || next.isEmpty() || next.length() > 500 || !next.startsWith("/") || next.startsWith("//")
                || next.indexOf('\\') >= 0 || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/";
        }
        return next;
    }
}
