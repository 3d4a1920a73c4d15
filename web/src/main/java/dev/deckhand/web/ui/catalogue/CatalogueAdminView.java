package dev.deckhand.web.ui.catalogue;

import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.Product;
import dev.deckhand.catalogue.ProductImages;
import dev.deckhand.catalogue.ProductRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.storage.Storage;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Templates;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Renders {@code views/catalogue/*.html}: the whole catalogue tree with a create form at each
 * level and, on each entry, its edit form, delete button and one-click changes (list/unlist a
 * version, move a step up/down, mark it optional/required); and the preview of a plan, rendered
 * with the public site's own plan and step templates so it looks the way users will see it.
 */
@Singleton
public class CatalogueAdminView {

    private final Templates templates;
    private final ProductRepository products;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepRepository steps;
    private final Storage storage;

    public CatalogueAdminView(Templates templates, ProductRepository products, ProductVersionRepository versions,
                              PlanRepository plans, StepRepository steps, Storage storage) {
        this.templates = templates;
        this.products = products;
        this.versions = versions;
        this.plans = plans;
        this.steps = steps;
        this.storage = storage;
    }

    public Html.Safe render(String csrf, String error) {
        List<Product> all = products.listOrderBySlug();
        Html.Safe productCards = all.isEmpty()
                ? templates.render("catalogue/empty", Map.of("message", "No products yet: create the first one above."))
                : templates.each("catalogue/product", all.stream().map(p -> Map.of(
                        "id", p.id(), "slug", p.slug(), "title", p.title(), "description", p.description(),
                        "image", image(p.imageKey()), "maxKib", ProductImages.MAX_BYTES / 1024,
                        "csrf", csrf, "versions", versionsOf(p, csrf))).toList());
        return templates.render("catalogue/admin", Map.of(
                "flash", error == null ? Html.safe("") : templates.render("flash-error", Map.of("message", error)),
                "csrf", csrf, "products", productCards));
    }

    /** The {@code <img>} of a product image key, or nothing. */
    Html.Safe image(String imageKey) {
        return imageKey == null || imageKey.isEmpty() ? Html.safe("")
                : templates.render("catalogue/image", Map.of("src", storage.publicUrl(imageKey).toString()));
    }

    private Html.Safe versionsOf(Product p, String csrf) {
        List<ProductVersion> vs = versions.findByProductIdOrderByCreatedAt(p.id());
        if (vs.isEmpty()) {
            return templates.render("catalogue/empty", Map.of("message", "No versions yet."));
        }
        return templates.each("catalogue/version", vs.stream().map(v -> Map.<String, Object>of(
                "id", v.id(), "label", v.label(), "listed", v.isListed() ? "listed" : "unlisted",
                "listNext", v.isListed() ? "false" : "true", "listLabel", v.isListed() ? "Unlist" : "List",
                "listedChecked", checked(v.isListed()),
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
                "preflightChecked", checked(p.preflightRequired()),
                "csrf", csrf, "steps", stepsOf(p, csrf))).toList());
    }

    private Html.Safe stepsOf(Plan p, String csrf) {
        List<Step> list = ordered(p.id());
        if (list.isEmpty()) {
            return templates.render("empty-row", Map.of("colspan", 6, "message", "No steps yet."));
        }
        return templates.each("catalogue/step-row", list.stream().map(s -> {
            Map<String, Object> m = new HashMap<>();
            m.put("id", s.id());
            m.put("order", s.stepOrder());
            m.put("name", s.name());
            m.put("kind", s.kind());
            m.put("config", s.config());
            m.put("required", s.isRequired() ? "required" : "optional");
            m.put("requiredNext", s.isRequired() ? "false" : "true");
            m.put("requiredLabel", s.isRequired() ? "Make optional" : "Make required");
            m.put("requiredChecked", checked(s.isRequired()));
            m.put("csrf", csrf);
            return m;
        }).toList());
    }

    /**
     * The preview page body of a plan: the product's heading and the plan as {@code site/plan}
     * renders it on the product page, with a note instead of the user's buttons. Empty when the
     * plan does not exist.
     */
    public Optional<Html.Safe> preview(UUID planId) {
        Optional<Plan> plan = plans.findById(planId);
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        Plan p = plan.get();
        ProductVersion v = versions.findById(p.versionId()).orElseThrow();
        Product product = products.findById(v.productId()).orElseThrow();
        List<Step> list = ordered(p.id());
        Html.Safe stepItems = list.isEmpty()
                ? templates.render("catalogue/empty", Map.of("message", "This plan has no steps."))
                : templates.each("site/step", list.stream().map(s -> Map.of("id", s.id(), "name", s.name(),
                        "kind", s.kind(), "required", s.isRequired() ? "required" : "optional")).toList());
        Html.Safe planHtml = templates.render("site/plan", Map.of("id", p.id(), "slug", p.slug(), "title", p.title(),
                "version", v.label(), "preflight", p.preflightRequired() ? "Preflight required" : "No preflight needed",
                "steps", stepItems, "actions", templates.render("catalogue/preview-actions", Map.of())));
        return Optional.of(templates.render("catalogue/preview", Map.of("planId", p.id(), "productSlug", product.slug(),
                "productTitle", product.title(), "productDescription", product.description(),
                "listing", v.isListed() ? "Version " + v.label() + " is listed: users see this plan now."
                        : "Version " + v.label() + " is unlisted: users do not see this plan until it is listed.",
                "plan", planHtml)));
    }

    /** A plan's steps in run order (order, then creation time for equal orders). */
    private List<Step> ordered(UUID planId) {
        List<Step> list = new ArrayList<>(steps.findByPlanIdOrderByStepOrder(planId));
        list.sort(Comparator.comparingInt(Step::stepOrder).thenComparing(Step::createdAt));
        return list;
    }

    private static Html.Safe checked(boolean on) {
        return Html.safe(on ? "checked" : "");
    }
}
