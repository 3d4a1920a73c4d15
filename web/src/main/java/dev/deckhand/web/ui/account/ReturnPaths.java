package dev.deckhand.web.ui.account;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where to send the browser after sign-in or connect. Only same-site absolute paths are accepted
 * ({@code /products/x}); anything else ({@code //evil}, {@code https://...}, backslashes,
 * control characters) becomes {@code /}, so the parameter cannot be used as an open redirect.
 *
 * <p>Whatever {@link #safe} returns also works to the end of the flow (issue #13): it is printable
 * ASCII without the characters a cookie value cannot hold ({@code " , ; \}), so the
 * {@code __Host-next} cookie can be set, and it parses as a URI reference, so the callback's
 * redirect can be built. A value that would fail later (a {@code |}, {@code %zz}, non-ASCII) is
 * replaced by {@code /} here, before the flow starts: never a 500 after sign-in.
 */
final class ReturnPaths {

    private ReturnPaths() {
    }

    static String safe(String next) {
        if (next == null || next.isEmpty() || next.length() > 500 || !next.startsWith("/") || next.startsWith("//")
                || next.chars().anyMatch(c -> c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == ';' || c == '\\')) {
            return "/";
        }
        try {
            URI uri = new URI(next);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawPath() == null
                    || !uri.getRawPath().startsWith("/")) {
                return "/";
            }
        } catch (URISyntaxException e) {
            return "/";
        }
        return next;
    }
}
