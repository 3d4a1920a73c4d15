package dev.deckhand.web.ui.view;

import dev.deckhand.web.security.CsrfTokens;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Whole pages and live fragments. A page is a body wrapped in {@code views/layout.html}, with the
 * CSRF token (issued as the {@code __Host-csrf} cookie when the browser has none yet) in a meta
 * tag for scripts; body builders receive the same token for their forms. Responses are
 * {@code no-store}: they show live data and carry per-browser tokens. Scripts are external,
 * fingerprinted files only (the CSP forbids inline ones). A signed-in user's pages carry the
 * {@code #notices} live region on the user's topic and live.js, so "reconnect" and "final" events
 * show a notice on any page.
 */
@Singleton
public class Pages {

    public static final String HTML = "text/html;charset=utf-8";

    private final Templates templates;
    private final CsrfTokens csrf;
    private final Navigation navigation;
    private final dev.deckhand.web.ui.session.SignedInUser users;

    public Pages(Templates templates, CsrfTokens csrf, Navigation navigation,
                 dev.deckhand.web.ui.session.SignedInUser users) {
        this.users = users;
        this.templates = templates;
        this.csrf = csrf;
        this.navigation = navigation;
    }

    /**
     * What goes around the body.
     *
     * @param section navigation section to highlight ({@code home}, {@code admin}, ...)
     * @param scripts logical asset names of scripts, e.g. {@code admin.js}
     */
    public record Frame(String title, String section, List<String> scripts) {
    }

    public MutableHttpResponse<String> page(HttpRequest<?> request, Frame frame, Function<String, Html.Safe> body) {
        return page(request, HttpStatus.OK, frame, body);
    }

    public MutableHttpResponse<String> page(HttpRequest<?> request, HttpStatus status, Frame frame,
                                            Function<String, Html.Safe> body) {
        MutableHttpResponse<String> response = HttpResponse.status(status);
        String token = csrf.tokenFor(request, response);
        var user = users.current(request);
        List<String> scripts = new java.util.ArrayList<>(frame.scripts());
        if (user.isPresent() && !scripts.contains("live.js")) {
            scripts.add(0, "live.js");
        }
        Html.Safe notices = user.map(u -> templates.render("notices", Map.of("topic", "user:" + u.user().id())))
                .orElse(Html.safe(""));
        Html.Safe html = layout(frame.title(), frame.section(), token, navigation.render(request, frame.section(), token),
                scriptTags(scripts), notices, body.apply(token));
        return response.contentType(HTML).header("Cache-Control", "no-store").body(html.html());
    }

    /**
     * A page in the site's layout for a request that failed before any page could be built (the
     * browser error pages): no CSRF token, no scripts, no notices, a link home.
     */
    public Html.Safe plainPage(String title, String section, Html.Safe body) {
        return layout(title, section, "", Html.safe("<a href=\"/\">Products</a>"), Html.safe(""), Html.safe(""), body);
    }

    /** The one place that fills every slot of templates/layout.html. */
    private Html.Safe layout(String title, String section, String csrf, Html.Safe nav, Html.Safe scripts,
                             Html.Safe notices, Html.Safe body) {
        Map<String, Object> layout = new HashMap<>();
        layout.put("title", title);
        layout.put("section", section);
        layout.put("csrf", csrf);
        layout.put("nav", nav);
        layout.put("scripts", scripts);
        layout.put("notices", notices);
        layout.put("body", body);
        return templates.render("layout", layout);
    }

    /** A page whose body is one template rendered with {@code model} plus {@code csrf}. */
    public MutableHttpResponse<String> page(HttpRequest<?> request, Frame frame, String template, Map<String, ?> model) {
        return page(request, HttpStatus.OK, frame, template, model);
    }

    public MutableHttpResponse<String> page(HttpRequest<?> request, HttpStatus status, Frame frame, String template,
                                            Map<String, ?> model) {
        return page(request, status, frame, token -> {
            Map<String, Object> m = new HashMap<>(model);
            m.put("csrf", token);
            return templates.render(template, m);
        });
    }

    /** A fragment (no layout) for live refreshes. */
    public MutableHttpResponse<String> fragment(HttpRequest<?> request, Function<String, Html.Safe> body) {
        MutableHttpResponse<String> response = HttpResponse.ok();
        String token = csrf.tokenFor(request, response);
        return response.contentType(HTML).header("Cache-Control", "no-store").body(body.apply(token).html());
    }

    private Html.Safe scriptTags(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (String n : names) {
            out.append("<script src=\"").append(Html.escape(templates.assetUrl(n))).append("\" defer></script>\n");
        }
        return Html.safe(out.toString());
    }
}
