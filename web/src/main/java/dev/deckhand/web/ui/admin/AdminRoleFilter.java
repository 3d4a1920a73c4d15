package dev.deckhand.web.ui.admin;

import dev.deckhand.web.security.SecurityFilterOrder;
import dev.deckhand.web.security.SecurityPaths;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.MessagePage;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The role half of admin authorisation for the admin UI ({@code /admin/**}): the network half
 * (ADMIN_API_ALLOWED_SUBNETS) is AdminSubnetFilter's and runs first. Here the browser must be
 * signed in (else 303 to sign-in, coming back afterwards) as a user with the admin role (else
 * 403). Applies to every method, so the dashboard's POSTs and JSON are covered too.
 */
@ServerFilter({"/admin", "/admin/**"})
public class AdminRoleFilter implements Ordered {

    private final SignedInUser users;
    private final Pages pages;

    public AdminRoleFilter(SignedInUser users, Pages pages) {
        this.users = users;
        this.pages = pages;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> requireAdmin(HttpRequest<?> request) {
        if (!SecurityPaths.under(SecurityPaths.canonical(request.getPath()), "/admin")) {
            return null;
        }
        var user = users.current(request);
        if (user.isEmpty()) {
            String back = "GET".equals(request.getMethod().name()) ? request.getPath() : "/admin";
            return HttpResponse.seeOther(URI.create("/signin?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8)));
        }
        if (!user.get().admin()) {
            return pages.render(request, HttpStatus.FORBIDDEN, new Pages.Frame("Forbidden", "admin", List.of()),
                    new MessagePage("Admins only", "Your account does not have the admin role."));
        }
        return null;
    }

    @Override
    public int getOrder() {
        // After the security filters (subnet check, CSRF): a refused network never reaches the database.
        return SecurityFilterOrder.CSRF + 50;
    }
}
