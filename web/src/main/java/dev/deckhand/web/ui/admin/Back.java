package dev.deckhand.web.ui.admin;

/**
 * Where an admin form returns to: its {@code back} field when that is a path inside the admin
 * ({@code /admin...}, never {@code //host} or a scheme: no open redirect), else a default.
 */
final class Back {

    private Back() {
    }

    static String of(String back, String fallback) {
        if (back == null || !back.startsWith("/admin") || back.startsWith("//") || back.contains("\\")
                || back.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return fallback;
        }
        return back;
    }
}
