package dev.deckhand.web.ui.view;

import dev.deckhand.web.security.CsrfTokens;
import dev.deckhand.web.ui.assets.StaticAssets;
import dev.deckhand.web.ui.session.SignedInUser;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whole pages and live fragments. A page is a {@link View} (one record, one template) wrapped in
 * the {@link Layout} ({@code views/layout.mustache}), with the CSRF token (issued as the
 * {@code __Host-csrf} cookie when the browser has none yet) in a meta tag for scripts; a
 * {@link Body} receives the same token for its forms. Responses are {@code no-store}: they show
 * live data and carry per-browser tokens. Scripts are external, fingerprinted files only (the CSP
 * forbids inline ones). A signed-in user's pages carry the {@code #notices} live region on the
 * user's topic and live.js, so "reconnect" and "final" events show a notice on any page.
 */
@Singleton
public class Pages {

    public static final String HTML = "text/html;charset=utf-8";

    private final CsrfTokens csrf;
    private final Navigation navigation;
    private final SignedInUser users;
    private final AssetLinks assets;
    private final StaticAssets staticAssets;

    public Pages(CsrfTokens csrf, Navigation navigation, SignedInUser users,
                 StaticAssets staticAssets) {
        this.users = users;
        this.csrf = csrf;
        this.navigation = navigation;
        this.staticAssets = staticAssets;
        this.assets = AssetLinks.of(staticAssets);
    }

    /**
     * What goes around the body.
     *
     * @param section navigation section to highlight ({@code home}, {@code admin}, ...)
     * @param scripts logical asset names of scripts, e.g. {@code admin.js}
     */
    public record Frame(String title, String section, List<String> scripts) {
    }

    /** A page body that needs the CSRF token (it has forms). */
    @FunctionalInterface
    public interface Body {
        View with(String csrf);
    }

    /** A page whose body has no form. */
    public MutableHttpResponse<String> render(HttpRequest<?> request, Frame frame, View body) {
        return render(request, HttpStatus.OK, frame, token -> body);
    }

    public MutableHttpResponse<String> render(HttpRequest<?> request, HttpStatus status, Frame frame, View body) {
        return render(request, status, frame, token -> body);
    }

    public MutableHttpResponse<String> render(HttpRequest<?> request, Frame frame, Body body) {
        return render(request, HttpStatus.OK, frame, body);
    }

    public MutableHttpResponse<String> render(HttpRequest<?> request, HttpStatus status, Frame frame, Body body) {
        MutableHttpResponse<String> response = HttpResponse.status(status);
        String token = csrf.tokenFor(request, response);
        var user = users.current(request);
        List<String> scripts = new ArrayList<>(frame.scripts());
        if (user.isPresent() && !scripts.contains("live.js")) {
            scripts.add(0, "live.js");
        }
        Layout layout = new Layout(frame.title(), frame.section(), token, assets,
                navigation.of(request, frame.section()), scripts.stream().map(staticAssets::url).toList(),
                user.map(u -> "user:" + u.user().id()), body.with(token).render());
        return response.contentType(HTML).header("Cache-Control", "no-store").body(layout.render().html());
    }

    /** A fragment (no layout) for live refreshes. */
    public MutableHttpResponse<String> renderFragment(HttpRequest<?> request, Body body) {
        MutableHttpResponse<String> response = HttpResponse.ok();
        String token = csrf.tokenFor(request, response);
        return response.contentType(HTML).header("Cache-Control", "no-store").body(body.with(token).render().html());
    }

    /** The fingerprinted stylesheet and icon, for a standalone page that does not use the layout. */
    public AssetLinks assetLinks() {
        return assets;
    }

    /**
     * A page in the site's layout for a request that failed before any page could be built (the
     * browser error pages): no CSRF token, no scripts, no notices, a link home.
     */
    public Html.Safe plainPage(String title, String section, View body) {
        return new Layout(title, section, "", assets, Nav.plain(), List.of(), Optional.empty(), body.render()).render();
    }
}
