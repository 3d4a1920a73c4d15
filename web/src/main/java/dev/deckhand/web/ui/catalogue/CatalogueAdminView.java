package dev.deckhand.web.ui.catalogue;

import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.Product;
import dev.deckhand.catalogue.ProductRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Templates;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/** Renders {@code views/catalogue/*.html}: the whole catalogue tree with a create form at each level. */
@Singleton
public class CatalogueAdminView {

    private final Templates templates;
    private final ProductRepository products;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepRepository steps;

    public CatalogueAdminView(Templates templates, ProductRepository products, ProductVersionRepository versions,
                              PlanRepository plans, StepRepository steps) {
        this.templates = templates;
        this.products = products;
        this.versions = versions;
        this.plans = plans;
        this.steps = steps;
    }

    public Html.Safe render(String csrf, String error) {
        List<Product> all = products.listOrderBySlug();
        Html.Safe productCards = all.isEmpty()
                ? templates.render("catalogue/empty", Map.of("message", "No products yet: create the first one above."))
                : templates.each("catalogue/product", all.stream().map(p -> Map.of(
                        "id", p.id(), "slug", p.slug(), "title", p.title(), "description", p.description(),
                        "csrf", csrf, "versions", versionsOf(p, csrf))).toList());
        return templates.render("catalogue/admin", Map.of(
                "flash", error == null ? Html.safe("") : templates.render("flash-error", Map.of("message", error)),
                "csrf", csrf, "products", productCards));
    }

    private Html.Safe versionsOf(Product p, String csrf) {
        List<ProductVersion> vs = versions.findByProductIdOrderByCreatedAt(p.id());
        if (vs.isEmpty()) {
            return templates.render("catalogue/empty", Map.of("message", "No versions yet."));
        }
        return templates.each("catalogue/version", vs.stream().map(v -> Map.of(
                "id", v.id(), "label", v.label(), "listed", v.isListed() ? "listed" : "unlisted",
                "csrf", csrf, "plans", plansOf(v, csrf))).toList());
    }

    private Html.Safe plansOf(ProductVersion v, String csrf) {
        List<Plan> ps = plans.findByVersionIdOrderBySlug(v.id());
        if (ps.isEmpty()) {
            return templates.render("catalogue/empty", Map.of("message", "No plans in this version yet."));
        }
        return templates.each("catalogue/plan", ps.stream().map(p -> Map.of(
                "id", p.id(), "slug", p.slug(), "title", p.title(),
                "preflight", p.preflightRequired() ? "preflight required" : "no preflight",
                "csrf", csrf, "steps", stepsOf(p))).toList());
    }

    private Html.Safe stepsOf(Plan p) {
        var list = steps.findByPlanIdOrderByStepOrder(p.id());
        if (list.isEmpty()) {
            return templates.render("empty-row", Map.of("colspan", 5, "message", "No steps yet."));
        }
        return templates.each("catalogue/step-row", list.stream().map(s -> Map.of(
                "order", s.stepOrder(), "name", s.name(), "kind", s.kind(), "config", s.config(),
                "required", s.isRequired() ? "required" : "optional")).toList());
    }
}
