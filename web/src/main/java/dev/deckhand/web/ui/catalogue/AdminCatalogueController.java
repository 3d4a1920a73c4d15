package dev.deckhand.web.ui.catalogue;

import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.runs.NotFoundException;
import dev.deckhand.steps.StepKinds;
import dev.deckhand.web.api.DomainProblems;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.Blocking;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Catalogue management under {@code /admin/catalogue} (admin subnet only): list products with
 * their versions, plans and steps, and create each of them with plain CSRF-protected forms.
 * Every write goes through the domain's {@link CatalogueAdmin}, exactly like the admin API: the
 * same validation (slugs, {@link StepKinds#validate} of step kinds and configs, so an http step
 * cannot point off the API host and a preflight check can only GET), the same Clock, the same
 * audit names, one transaction. Form fields are checked for presence and length here first. A
 * successful POST answers 303 back to the page (post/redirect/get); an invalid one re-renders it
 * with 422 and the message.
 */
@Controller("/admin/catalogue")
public class AdminCatalogueController {

    static final Pages.Frame FRAME = new Pages.Frame("Catalogue", "catalogue", List.of());

    private final Pages pages;
    private final CatalogueAdminView view;
    private final CatalogueAdmin catalogue;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepKinds kinds;
    private final SignedInUser users;
    private final Blocking blocking;

    public AdminCatalogueController(Pages pages, CatalogueAdminView view, CatalogueAdmin catalogue,
                                    ProductVersionRepository versions, PlanRepository plans, StepKinds kinds,
                                    SignedInUser users, Blocking blocking) {
        this.pages = pages;
        this.view = view;
        this.catalogue = catalogue;
        this.versions = versions;
        this.plans = plans;
        this.kinds = kinds;
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
        return write(request, "A product with this slug exists already.", () -> {
            String slug = CatalogueForms.matching(form, "slug", CatalogueForms.SLUG, "lowercase letters, digits and dashes");
            return "product-" + catalogue.createProduct(actor(request), slug, CatalogueForms.required(form, "title", 200),
                    CatalogueForms.optional(form, "description", 4000), null).id();
        });
    }

    @Post(value = "/products/{productId}/versions", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> createVersion(HttpRequest<?> request, @PathVariable UUID productId,
                                              @Body Map<String, String> form) {
        return write(request, "This version exists already.", () -> {
            catalogue.createVersion(actor(request), productId, CatalogueForms.required(form, "label", 100),
                    CatalogueForms.checked(form, "listed"));
            return "product-" + productId;
        });
    }

    @Post(value = "/versions/{versionId}/plans", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> createPlan(HttpRequest<?> request, @PathVariable UUID versionId,
                                           @Body Map<String, String> form) {
        return write(request, "A plan with this slug exists already in this version.", () -> {
            String slug = CatalogueForms.matching(form, "slug", CatalogueForms.SLUG, "lowercase letters, digits and dashes");
            Plan p = catalogue.createPlan(actor(request), versionId, slug, CatalogueForms.required(form, "title", 200),
                    CatalogueForms.checked(form, "preflight_required"));
            return "product-" + versions.findById(p.versionId()).map(ProductVersion::productId).orElse(null);
        });
    }

    @Post(value = "/plans/{planId}/steps", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> createStep(HttpRequest<?> request, @PathVariable UUID planId,
                                           @Body Map<String, String> form) {
        return write(request, "This step exists already.", () -> {
            String name = CatalogueForms.required(form, "name", 200);
            String kind = CatalogueForms.matching(form, "kind", CatalogueForms.KIND, "a step kind name such as http or wait");
            String config = CatalogueForms.optional(form, "config", 20_000);
            catalogue.appendStep(actor(request), planId, name, kind, kinds.parse(config.isEmpty() ? "{}" : config),
                    CatalogueForms.checked(form, "required"));
            UUID versionId = plans.findById(planId).map(Plan::versionId).orElse(null);
            UUID productId = versionId == null ? null : versions.findById(versionId).map(ProductVersion::productId).orElse(null);
            return "product-" + productId;
        });
    }

    /**
     * Runs a write on the blocking executor; 303 to the anchor it names, or the page with 422 and
     * the message: the form's own, the domain's validation message, or {@code duplicate} when a
     * unique constraint refused the row.
     */
    private CompletableFuture<HttpResponse<String>> write(HttpRequest<?> request, String duplicate, Supplier<String> action) {
        return blocking.run(() -> {
            try {
                String anchor = action.get();
                return HttpResponse.seeOther(URI.create("/admin/catalogue#" + anchor));
            } catch (CatalogueForms.Invalid | IllegalArgumentException e) {
                return render(request, HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
            } catch (NotFoundException e) {
                return render(request, HttpStatus.UNPROCESSABLE_ENTITY, "The " + e.getMessage() + ".");
            } catch (DataAccessException e) {
                if (DomainProblems.uniqueViolation(e)) {
                    return render(request, HttpStatus.UNPROCESSABLE_ENTITY, duplicate);
                }
                throw e;
            }
        });
    }

    private HttpResponse<String> render(HttpRequest<?> request, HttpStatus status, String error) {
        return pages.page(request, status, FRAME, token -> view.render(token, error));
    }

    private UUID actor(HttpRequest<?> request) {
        return users.current(request).map(u -> u.user().id()).orElse(null);
    }
}
