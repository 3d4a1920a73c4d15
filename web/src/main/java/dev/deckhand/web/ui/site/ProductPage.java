package dev.deckhand.web.ui.site;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.List;

/**
 * {@code GET /products/{slug}}: the product and a {@link PlanCard} per plan
 * ({@code views/site/product.mustache}, each plan through the partial {@code site/plan-card}).
 */
@JStache(path = "site/product")
record ProductPage(String title, String description, List<PlanCard> plans, String csrf) implements View {
}
