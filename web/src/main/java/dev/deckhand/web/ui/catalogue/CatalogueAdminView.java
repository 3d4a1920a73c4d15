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

    /** The page; {@code error} is the message of a refused form, or null. */
    public CataloguePage page(String csrf, String error) {
        return new CataloguePage(Optional.ofNullable(error), products.listOrderBySlug().stream().map(this::card).toList(),
                csrf);
    }

    private CataloguePage.ProductCard card(Product p) {
        return new CataloguePage.ProductCard(p.id(), p.slug(), p.title(), p.description(), imageSrc(p.imageKey()),
                ProductImages.MAX_BYTES / 1024,
                versions.findByProductIdOrderByCreatedAt(p.id()).stream().map(this::card).toList());
    }

    private CataloguePage.VersionCard card(ProductVersion v) {
        return new CataloguePage.VersionCard(v.id(), v.label(), v.isListed(),
                plans.findByVersionIdOrderBySlug(v.id()).stream().map(this::card).toList());
    }

    private CataloguePage.PlanCard card(Plan p) {
        return new CataloguePage.PlanCard(p.id(), p.slug(), p.title(), p.preflightRequired(), ordered(p.id()).stream()
                .map(s -> new CataloguePage.StepRow(s.id(), s.stepOrder(), s.name(), s.kind(), s.config(), s.isRequired()))
                .toList());
    }

    /** The public URL of a product image key, if there is an image. */
    private Optional<String> imageSrc(String imageKey) {
        return imageKey == null || imageKey.isEmpty() ? Optional.empty()
                : Optional.of(storage.publicUrl(imageKey).toString());
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
}
