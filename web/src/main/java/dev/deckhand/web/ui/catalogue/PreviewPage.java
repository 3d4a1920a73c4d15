package dev.deckhand.web.ui.catalogue;

import dev.deckhand.web.ui.site.PlanCard;
import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.UUID;

/**
 * The admin's preview of a plan ({@code views/catalogue/preview.mustache}): the product's heading
 * and the plan through the product page's own partial ({@code site/plan-card}, without actions),
 * so it looks the way users will see it, whether or not its version is listed.
 *
 * @param listing whether users see the plan now, and why not
 */
@JStache(path = "catalogue/preview")
public record PreviewPage(UUID planId, String productSlug, String productTitle, String productDescription,
                          String listing, PlanCard plan) implements View {

    /** No token: the plan card's forms (its actions) are never shown in a preview. */
    public String csrf() {
        return "";
    }
}
