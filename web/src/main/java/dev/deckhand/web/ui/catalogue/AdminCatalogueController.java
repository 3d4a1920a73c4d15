package dev.deckhand.web.ui.catalogue;

import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.catalogue.CatalogueInUseException;
import dev.deckhand.catalogue.ProductImages;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.runs.NotFoundException;
import dev.deckhand.steps.StepKinds;
import dev.deckhand.web.api.DomainProblems;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.site.NotFoundPage;
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
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
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
 * with 422 and the message, a delete refused because a run needs the entry with 409.
 *
 * <p>Editing (issue 14 item 7): HTML forms only POST, so each change has its own POST route:
 * {@code /products/{id}} (edit), {@code /products/{id}/delete}, {@code /products/{id}/image}
 * (multipart, sent by {@code catalogue.js} with the X-CSRF-Token header, see
 * {@link ProductImages}), {@code /versions/{id}} (label, listed), {@code /versions/{id}/listing},
 * {@code /versions/{id}/delete}, {@code /plans/{id}}, {@code /plans/{id}/delete},
 * {@code /steps/{id}}, {@code /steps/{id}/move} (up/down), {@code /steps/{id}/required},
 * {@code /steps/{id}/delete}; {@code GET /plans/{id}/preview} shows a plan as users see it.
 */
@Controller("/admin/catalogue")
public class AdminCatalogueController {

    static final Pages.Frame FRAME = new Pages.Frame("Catalogue", "catalogue", List.of("catalogue.js"));

    private final Pages pages;
    private final CatalogueAdminView view;
    private final CatalogueAdmin catalogue;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepKinds kinds;
    private final SignedInUser users;
    private final Blocking blocking;
    private final StepRepository steps;
    private final ProductImages images;

    public AdminCatalogueController(Pages pages, CatalogueAdminView view, CatalogueAdmin catalogue,
                                    ProductVersionRepository versions, PlanRepository plans, StepKinds kinds,
                                    SignedInUser users, Blocking blocking, StepRepository steps, ProductImages images) {
        this.steps = steps;
        this.images = images;
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
            CatalogueForms.ProductForm f = CatalogueForms.ProductForm.of(form);
            return "product-" + catalogue.createProduct(actor(request), f.slug(), f.title(), f.description(), null).id();
        });
    }

    @Post(value = "/products/{productId}/versions", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> createVersion(HttpRequest<?> request, @PathVariable UUID productId,
                                              @Body Map<String, String> form) {
        return write(request, "This version exists already.", () -> {
            CatalogueForms.VersionForm f = CatalogueForms.VersionForm.of(form);
            catalogue.createVersion(actor(request), productId, f.label(), f.listed());
            return "product-" + productId;
        });
    }

    @Post(value = "/versions/{versionId}/plans", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> createPlan(HttpRequest<?> request, @PathVariable UUID versionId,
                                           @Body Map<String, String> form) {
        return write(request, "A plan with this slug exists already in this version.", () -> {
            CatalogueForms.PlanForm f = CatalogueForms.PlanForm.of(form);
            Plan p = catalogue.createPlan(actor(request), versionId, f.slug(), f.title(), f.preflightRequired());
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

    @Post(value = "/products/{productId}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> updateProduct(HttpRequest<?> request, @PathVariable UUID productId,
                                                                 @Body Map<String, String> form) {
        return write(request, "A product with this slug exists already.", () -> {
            CatalogueForms.ProductForm f = CatalogueForms.ProductForm.of(form);
            catalogue.updateProduct(actor(request), productId, f.slug(), f.title(), f.description());
            return "product-" + productId;
        });
    }

    @Post(value = "/products/{productId}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> deleteProduct(HttpRequest<?> request, @PathVariable UUID productId,
                                                                 @Body Map<String, String> form) {
        return write(request, null, () -> {
            catalogue.deleteProduct(actor(request), productId);
            return "new-product";
        });
    }

    /** Multipart: the {@code image} part; type by magic bytes, size and storage in {@link ProductImages}. */
    @Post(value = "/products/{productId}/image", consumes = MediaType.MULTIPART_FORM_DATA)
    public CompletableFuture<HttpResponse<String>> uploadImage(HttpRequest<?> request, @PathVariable UUID productId,
                                                               @Part("image") CompletedFileUpload image) {
        byte[] content;
        try {
            content = image.getBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return write(request, null, () -> {
            images.upload(actor(request), productId, content);
            return "product-" + productId;
        });
    }

    @Post(value = "/versions/{versionId}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> updateVersion(HttpRequest<?> request, @PathVariable UUID versionId,
                                                                 @Body Map<String, String> form) {
        return write(request, "This version exists already.", () -> {
            CatalogueForms.VersionForm f = CatalogueForms.VersionForm.of(form);
            ProductVersion v = catalogue.updateVersion(actor(request), versionId, f.label(), f.listed());
            return "product-" + v.productId();
        });
    }

    /** One-click list/unlist: {@code listed=true|false}. */
    @Post(value = "/versions/{versionId}/listing", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> listVersion(HttpRequest<?> request, @PathVariable UUID versionId,
                                                               @Body Map<String, String> form) {
        return write(request, null, () -> {
            ProductVersion old = versions.findById(versionId).orElseThrow(() -> new NotFoundException("version"));
            ProductVersion v = catalogue.updateVersion(actor(request), versionId, old.label(),
                    CatalogueForms.bool(form, "listed"));
            return "product-" + v.productId();
        });
    }

    @Post(value = "/versions/{versionId}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> deleteVersion(HttpRequest<?> request, @PathVariable UUID versionId,
                                                                 @Body Map<String, String> form) {
        return write(request, null, () -> {
            UUID productId = versions.findById(versionId).map(ProductVersion::productId)
                    .orElseThrow(() -> new NotFoundException("version"));
            catalogue.deleteVersion(actor(request), versionId);
            return "product-" + productId;
        });
    }

    @Post(value = "/plans/{planId}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> updatePlan(HttpRequest<?> request, @PathVariable UUID planId,
                                                              @Body Map<String, String> form) {
        return write(request, "A plan with this slug exists already in this version.", () -> {
            CatalogueForms.PlanForm f = CatalogueForms.PlanForm.of(form);
            Plan p = catalogue.updatePlan(actor(request), planId, f.slug(), f.title(), f.preflightRequired());
            return anchorOfPlan(p.id());
        });
    }

    @Post(value = "/plans/{planId}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> deletePlan(HttpRequest<?> request, @PathVariable UUID planId,
                                                              @Body Map<String, String> form) {
        return write(request, null, () -> {
            String anchor = anchorOfPlan(planId);
            catalogue.deletePlan(actor(request), planId);
            return anchor;
        });
    }

    /** The plan as a user will see it on the product page (whether or not its version is listed), without actions. */
    @Get(value = "/plans/{planId}/preview", produces = MediaType.TEXT_HTML)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<String> preview(HttpRequest<?> request, @PathVariable UUID planId) {
        return view.preview(planId)
                .map(page -> pages.render(request, new Pages.Frame("Preview", "catalogue", List.of()), page))
                .orElseGet(() -> pages.render(request, HttpStatus.NOT_FOUND, FRAME, new NotFoundPage("such plan")));
    }

    @Post(value = "/steps/{stepId}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> updateStep(HttpRequest<?> request, @PathVariable UUID stepId,
                                                              @Body Map<String, String> form) {
        return write(request, "This step exists already.", () -> {
            String name = CatalogueForms.required(form, "name", 200);
            String kind = CatalogueForms.matching(form, "kind", CatalogueForms.KIND, "a step kind name such as http or wait");
            String config = CatalogueForms.optional(form, "config", 20_000);
            Step s = catalogue.editStep(actor(request), stepId, name, kind, kinds.parse(config.isEmpty() ? "{}" : config),
                    CatalogueForms.checked(form, "required"));
            return anchorOfPlan(s.planId());
        });
    }

    /** {@code direction=up|down}: swaps the step with its neighbour ({@link CatalogueAdmin#moveStep}). */
    @Post(value = "/steps/{stepId}/move", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> moveStep(HttpRequest<?> request, @PathVariable UUID stepId,
                                                            @Body Map<String, String> form) {
        return write(request, null, () -> {
            String direction = CatalogueForms.required(form, "direction", 10);
            if (!direction.equals("up") && !direction.equals("down")) {
                throw new CatalogueForms.Invalid("direction must be up or down.");
            }
            Step s = steps.findById(stepId).orElseThrow(() -> new NotFoundException("step"));
            catalogue.moveStep(actor(request), stepId,
                    direction.equals("up") ? CatalogueAdmin.Direction.UP : CatalogueAdmin.Direction.DOWN);
            return anchorOfPlan(s.planId());
        });
    }

    /** {@code required=true|false}: marks a step required or optional. */
    @Post(value = "/steps/{stepId}/required", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> markRequired(HttpRequest<?> request, @PathVariable UUID stepId,
                                                                @Body Map<String, String> form) {
        return write(request, null, () -> {
            Step s = catalogue.setStepRequired(actor(request), stepId, CatalogueForms.bool(form, "required"));
            return anchorOfPlan(s.planId());
        });
    }

    @Post(value = "/steps/{stepId}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public CompletableFuture<HttpResponse<String>> deleteStep(HttpRequest<?> request, @PathVariable UUID stepId,
                                                              @Body Map<String, String> form) {
        return write(request, null, () -> {
            Step s = steps.findById(stepId).orElseThrow(() -> new NotFoundException("step"));
            String anchor = anchorOfPlan(s.planId());
            catalogue.deleteStep(actor(request), stepId);
            return anchor;
        });
    }

    private String anchorOfPlan(UUID planId) {
        return "plan-" + planId;
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
            } catch (CatalogueInUseException e) {
                return render(request, HttpStatus.CONFLICT, e.getMessage());
            } catch (CatalogueForms.Invalid | IllegalArgumentException e) {
                return render(request, HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
            } catch (NotFoundException e) {
                return render(request, HttpStatus.UNPROCESSABLE_ENTITY, "The " + e.getMessage() + ".");
            } catch (DataAccessException e) {
                if (duplicate != null && DomainProblems.uniqueViolation(e)) {
                    return render(request, HttpStatus.UNPROCESSABLE_ENTITY, duplicate);
                }
                throw e;
            }
        });
    }

    private HttpResponse<String> render(HttpRequest<?> request, HttpStatus status, String error) {
        return pages.render(request, status, FRAME, csrf -> view.page(csrf, error));
    }

    private UUID actor(HttpRequest<?> request) {
        return users.current(request).map(u -> u.user().id()).orElse(null);
    }
}
