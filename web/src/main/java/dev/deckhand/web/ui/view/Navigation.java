package dev.deckhand.web.ui.view;

import dev.deckhand.web.security.AdminAccess;
import dev.deckhand.web.ui.session.SignedInUser;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The top navigation. The admin links are shown only to admins inside ADMIN_API_ALLOWED_SUBNETS
 * (everyone else would be refused anyway). Signed-in state comes from {@link SignedInUser}.
 */
@Singleton
public class Navigation {

    private final AdminAccess adminAccess;
    private final SignedInUser users;

    public Navigation(AdminAccess adminAccess, SignedInUser users) {
        this.adminAccess = adminAccess;
        this.users = users;
    }

    /** @param section the page's section, whose link is marked current */
    public Nav of(HttpRequest<?> request, String section) {
        var user = users.current(request);
        List<Nav.Link> links = new ArrayList<>();
        links.add(new Nav.Link("/", "Products", "home".equals(section)));
        if (adminAccess.isAllowedClient(request) && user.map(SignedInUser.Current::admin).orElse(false)) {
            links.add(new Nav.Link("/admin", "Admin", "admin".equals(section)));
            links.add(new Nav.Link("/admin/catalogue", "Catalogue", "catalogue".equals(section)));
        }
        var navUser = user.map(u -> new Nav.User(u.displayName()));
        return new Nav(links, navUser, navUser.isEmpty());
    }
}
