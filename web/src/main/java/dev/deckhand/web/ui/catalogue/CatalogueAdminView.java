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
import dev.deckhand.web.ui.site.CatalogueQueries;
import dev.deckhand.web.ui.site.PlanCard;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the models of the catalogue admin pages: {@link CataloguePage}, the whole catalogue tree
 * (each entry with its forms and one-click changes: list/unlist a version, move a step up/down,
 * mark it optional/required), and {@link PreviewPage}, a plan as the public site's own
 * {@link PlanCard} shows it, so it looks the way users will see it. Blocking (JDBC).
 */
@Singleton
public class CatalogueAdminView {

    private final ProductRepository products;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepRepository steps;
    private final Storage storage;

    public CatalogueAdminView(ProductRepository products, ProductVersionRepository versions,
                              PlanRepository plans, StepRepository steps, Storage storage) {
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
     * The preview of a plan: the product's heading and the plan as the product page shows it,
     * without the user's buttons. Empty when the plan does not exist.
     */
    public Optional<PreviewPage> preview(UUID planId) {
        Optional<Plan> plan = plans.findById(planId);
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        Plan p = plan.get();
        ProductVersion v = versions.findById(p.versionId()).orElseThrow();
        Product product = products.findById(v.productId()).orElseThrow();
        CatalogueQueries.PlanView view = new CatalogueQueries.PlanView(p.id(), p.slug(), p.title(), v.label(),
                p.preflightRequired(), ordered(p.id()).stream()
                .map(s -> new CatalogueQueries.StepView(s.id(), s.stepOrder(), s.name(), s.kind(), s.isRequired()))
                .toList());
        return Optional.of(new PreviewPage(p.id(), product.slug(), product.title(), product.description(),
                v.isListed() ? "Version " + v.label() + " is listed: users see this plan now."
                        : "Version " + v.label() + " is unlisted: users do not see this plan until it is listed.",
                new PlanCard(view, Optional.empty())));
    }

    /** A plan's steps in run order (order, then creation time for equal orders). */
    private List<Step> ordered(UUID planId) {
        List<Step> list = new ArrayList<>(steps.findByPlanIdOrderByStepOrder(planId));
        list.sort(Comparator.comparingInt(Step::stepOrder).thenComparing(Step::createdAt));
        return list;
    }
}
