package dev.deckhand.web.ui.view;

import java.util.List;
import java.util.Optional;

/**
 * The top navigation, as {@code views/layout.mustache} shows it: links, then either the signed-in
 * user (My runs, Settings, name, sign-out form) or a sign-in button, or neither (error pages).
 */
public record Nav(List<Link> links, Optional<User> user, boolean offerSignIn) {

    /** A navigation link; {@code current} marks the page's own section ({@code aria-current}). */
    public record Link(String href, String label, boolean current) {
    }

    /** The signed-in user as the navigation names them. */
    public record User(String name) {
    }

    /** The navigation of a page built without a request's session: the products link alone. */
    static Nav plain() {
        return new Nav(List.of(new Link("/", "Products", false)), Optional.empty(), false);
    }
}
