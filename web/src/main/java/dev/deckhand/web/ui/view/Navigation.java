package dev.deckhand.web.ui.view;

import dev.deckhand.web.security.AdminAccess;
import dev.deckhand.web.ui.session.SignedInUser;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The top navigation. The admin links are shown only to admins inside ADMIN_API_ALLOWED_SUBNETS
 * (everyone else would be refused anyway). Signed-in state comes from {@link SignedInUser}.
 */
@Singleton
public class Navigation {

    private final AdminAccess adminAccess;
    private final Templates templates;
    private final SignedInUser users;

    public Navigation(AdminAccess adminAccess, Templates templates, SignedInUser users) {
        this.adminAccess = adminAccess;
        this.templates = templates;
        this.users = users;
    }

    public Html.Safe render(HttpRequest<?> request, String section, String csrf) {
        StringBuilder out = new StringBuilder();
        out.append(link("/", "Products", "home".equals(section)));
        var user = users.current(request);
        if (adminAccess.isAllowedClient(request) && user.map(SignedInUser.Current::admin).orElse(false)) {
            out.append(link("/admin", "Admin", "admin".equals(section)));
            out.append(link("/admin/catalogue", "Catalogue", "catalogue".equals(section)));
        }
        out.append(user
                .map(u -> templates.render("nav-user", Map.of("name", u.displayName(), "csrf", csrf)).html())
                .orElseGet(() -> templates.render("nav-signin", Map.of()).html()));
        return Html.safe(out.toString());
    }

    private static String link(String href, String label, boolean current) {
        return "<a href=\"" + Html.escape(href) + "\"" + (current ? " aria-current=\"page\"" : "") + ">"
                + Html.escape(label) + "</a>";
    }
}
