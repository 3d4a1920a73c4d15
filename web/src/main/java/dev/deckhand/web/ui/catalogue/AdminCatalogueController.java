package dev.deckhand.web.ui.catalogue;

import dev.deckhand.audit.AuditLog;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.Product;
import dev.deckhand.catalogue.ProductRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.Blocking;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Catalogue management under {@code /admin/catalogue} (admin subnet only): list products with
 * their versions, plans and steps, and create each of them with plain CSRF-protected forms.
 * Writes go through the domain's catalogue repositories and are recorded in the audit log. A
 * successful POST answers 303 back to the page (post/redirect/get); an invalid one re-renders it
 * with 422 and the message.
 */
@Controller("/admin/catalogue")
public class AdminCatalogueController {

    static final Pages.Frame FRAME = new Pages.Frame("Catalogue", "catalogue", List.of());

    private final Pages pages;
    private final CatalogueAdminView view;
    private final ProductRepository products;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepRepository steps;
    private final AuditLog audit;
    private final JsonMapper json;
    private final SignedInUser users;
    private final Blocking blocking;

    public AdminCatalogueController(Pages pages, CatalogueAdminView view, ProductRepository products,
                                    ProductVersionRepository versions, PlanRepository plans, StepRepository steps,
                                    AuditLog audit, JsonMapper json, SignedInUser users, Blocking blocking) {
        this.pages = pages;
        this.view = view;
        this.products = products;
        this.versions = versions;
        this.plans = plans;
        this.steps = steps;
        this.audit = audit;
        this.json = json;
        this.users = users;
        this.blocking = blocking;
    }

    @Get(produces = MediaType.TEXT_HTML)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> page(HttpRequest<?> request) {
        return render(request, HttpStatus.OK, null);
    }

    @Post(value = "/products", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> createProduct(HttpRequest<?> request, @Body Map<String, String> form) {
        return write(request, () -> {
            String slug = CatalogueForms.matching(form, "slug", CatalogueForms.SLUG, "lowercase letters, digits and dashes");
            if (products.findBySlug(slug).isPresent()) {
                throw new CatalogueForms.Invalid("A product with slug " + slug + " exists already.");
            }
            Product p = products.save(new Product(null, slug, CatalogueForms.required(form, "title", 200),
                    CatalogueForms.optional(form, "description", 4000), null, Instant.now()));
            record(request, "catalogue.product.create", "product", p.id(), Map.of("slug", slug));
            return "product-" + p.id();
        });
    }

    @Post(value = "/products/{productId}/versions", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> createVersion(HttpRequest<?> request, @PathVariable UUID productId,
                                              @Body Map<String, String> form) {
        return write(request, () -> {
            products.findById(productId).orElseThrow(() -> new CatalogueForms.Invalid("No such product."));
            String label = CatalogueForms.required(form, "label", 100);
            if (versions.findByProductIdOrderByCreatedAt(productId).stream().anyMatch(v -> v.label().equals(label))) {
                throw new CatalogueForms.Invalid("Version " + label + " exists already.");
            }
            ProductVersion v = versions.save(new ProductVersion(null, productId, label,
                    CatalogueForms.checked(form, "listed"), Instant.now()));
            record(request, "catalogue.version.create", "version", v.id(), Map.of("label", label));
            return "product-" + productId;
        });
    }

    @Post(value = "/versions/{versionId}/plans", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> createPlan(HttpRequest<?> request, @PathVariable UUID versionId,
                                           @Body Map<String, String> form) {
        return write(request, () -> {
            ProductVersion v = versions.findById(versionId).orElseThrow(() -> new CatalogueForms.Invalid("No such version."));
            String slug = CatalogueForms.matching(form, "slug", CatalogueForms.SLUG, "lowercase letters, digits and dashes");
            if (plans.findByVersionIdOrderBySlug(versionId).stream().anyMatch(p -> p.slug().equals(slug))) {
                throw new CatalogueForms.Invalid("Plan " + slug + " exists already in this version.");
            }
            Plan p = plans.save(new Plan(null, versionId, slug, CatalogueForms.required(form, "title", 200),
                    CatalogueForms.checked(form, "preflight_required"), Instant.now()));
            record(request, "catalogue.plan.create", "plan", p.id(), Map.of("slug", slug));
            return "product-" + v.productId();
        });
    }

    @Post(value = "/plans/{planId}/steps", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> createStep(HttpRequest<?> request, @PathVariable UUID planId,
                                           @Body Map<String, String> form) {
        return write(request, () -> {
            Plan plan = plans.findById(planId).orElseThrow(() -> new CatalogueForms.Invalid("No such plan."));
            String name = CatalogueForms.required(form, "name", 200);
            String kind = CatalogueForms.matching(form, "kind", CatalogueForms.KIND, "a step kind name such as http or wait");
            String config = CatalogueForms.optional(form, "config", 20_000);
            config = config.isEmpty() ? "{}" : config;
            try {
                if (!(json.readValue(config, Object.class) instanceof Map<?, ?>)) {
                    throw new CatalogueForms.Invalid("config must be a JSON object.");
                }
            } catch (IOException e) {
                throw new CatalogueForms.Invalid("config is not valid JSON.");
            }
            int order = steps.findByPlanIdOrderByStepOrder(planId).stream().mapToInt(Step::stepOrder).max().orElse(0) + 1;
            Step s = steps.save(new Step(null, planId, order, name, kind, config,
                    CatalogueForms.checked(form, "required"), Instant.now()));
            record(request, "catalogue.step.create", "step", s.id(), Map.of("kind", kind, "plan", planId.toString()));
            UUID productId = versions.findById(plan.versionId()).map(ProductVersion::productId).orElse(null);
            return "product-" + productId;
        });
    }

    /**
     * Runs a write on the blocking executor; 303 to the anchor it names, or the page with 422 and
     * the message.
     */
    private CompletableFuture<HttpResponse<String>> write(HttpRequest<?> request, Supplier<String> action) {
        return blocking.run(() -> {
            try {
                String anchor = action.get();
                return HttpResponse.seeOther(URI.create("/admin/catalogue#" + anchor));
            } catch (CatalogueForms.Invalid e) {
                return render(request, HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
            }
        });
    }

    private HttpResponse<String> render(HttpRequest<?> request, HttpStatus status, String error) {
        return pages.page(request, status, FRAME, token -> view.render(token, error));
    }

    private void record(HttpRequest<?> request, String action, String type, UUID id, Map<String, ?> details) {
        UUID actor = users.current(request).map(u -> u.user().id()).orElse(null);
        audit.record(actor, action, type, id == null ? null : id.toString(), details);
    }
}
