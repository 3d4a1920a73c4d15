package dev.deckhand.web.admin;

import dev.deckhand.accounts.User;
import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.Product;
import dev.deckhand.catalogue.ProductRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.steps.StepKinds;
import dev.deckhand.web.api.ApiAuth;
import dev.deckhand.web.api.DomainProblems;
import dev.deckhand.web.problem.ProblemException;
import dev.deckhand.runs.NotFoundException;
import dev.deckhand.web.security.RateLimitedOnRoute;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The catalogue admin API (JSON): Products -> Versions -> Plans -> Steps. Reached only from
 * ADMIN_API_ALLOWED_SUBNETS (AdminSubnetFilter covers /api/admin) and only by admin users.
 * Invalid input answers 400 problem+json naming the field; every change is audited. A step
 * created without an {@code order} is appended to its plan; an update without one keeps its place.
 *
 * <p>Edits: {@code PATCH} products, versions, plans and steps (absent fields keep their value;
 * a step keeps its place, use {@code POST /steps/{id}/move} {@code {"direction":"up"|"down"}});
 * {@code DELETE} products, versions, plans and steps, refused with 409 while a run needs them
 * (a job or preflight of a plan queued or running). Unknown ids: 404.
 */
@Controller("/api/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
@RateLimitedOnRoute
public class AdminCatalogueApiController {

    private final CatalogueAdmin admin;
    private final ProductRepository products;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepRepository steps;
    private final StepKinds kinds;
    private final ApiAuth auth;

    public AdminCatalogueApiController(CatalogueAdmin admin, ProductRepository products,
                                       ProductVersionRepository versions, PlanRepository plans, StepRepository steps,
                                       StepKinds kinds, ApiAuth auth) {
        this.admin = admin;
        this.products = products;
        this.versions = versions;
        this.plans = plans;
        this.steps = steps;
        this.kinds = kinds;
        this.auth = auth;
    }

    @Serdeable
    public record NewProduct(String slug, String title, @Nullable String description, @Nullable String imageKey) {
    }

    @Serdeable
    public record NewVersion(String label, @Nullable Boolean listed) {
    }

    @Serdeable
    public record NewPlan(String slug, String title, @Nullable Boolean preflightRequired) {
    }

    @Serdeable
    public record StepInput(@Nullable Integer order, String name, String kind, @Nullable Map<String, Object> config,
                            @Nullable Boolean required) {
    }

    @Serdeable
    public record StepOut(UUID id, UUID planId, int order, String name, String kind, Map<String, Object> config,
                          boolean required) {
    }

    @Serdeable
    public record ProductPatch(@Nullable String slug, @Nullable String title, @Nullable String description) {
    }

    @Serdeable
    public record VersionPatch(@Nullable String label, @Nullable Boolean listed) {
    }

    @Serdeable
    public record PlanPatch(@Nullable String slug, @Nullable String title, @Nullable Boolean preflightRequired) {
    }

    @Serdeable
    public record StepPatch(@Nullable String name, @Nullable String kind, @Nullable Map<String, Object> config,
                            @Nullable Boolean required) {
    }

    @Serdeable
    public record Move(String direction) {
    }

    @Get("/step-kinds")
    public Set<String> stepKinds(HttpRequest<?> request) {
        auth.requireAdmin(request);
        return kinds.names();
    }

    @Get("/products")
    public List<Product> listProducts(HttpRequest<?> request) {
        auth.requireAdmin(request);
        return products.listOrderBySlug();
    }

    @Post(value = "/products", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Product> createProduct(HttpRequest<?> request, @Body NewProduct body) {
        User user = auth.requireAdmin(request);
        return HttpResponse.created(DomainProblems.call(() -> admin.createProduct(user.id(), body.slug(), body.title(),
                body.description(), body.imageKey())));
    }

    @Delete("/products/{id}")
    public HttpResponse<?> deleteProduct(HttpRequest<?> request, UUID id) {
        User user = auth.requireAdmin(request);
        DomainProblems.call(() -> {
            admin.deleteProduct(user.id(), id);
            return null;
        });
        return HttpResponse.noContent();
    }

    @Get("/products/{id}/versions")
    public List<ProductVersion> listVersions(HttpRequest<?> request, UUID id) {
        auth.requireAdmin(request);
        return versions.findByProductIdOrderByCreatedAt(id);
    }

    @Post(value = "/products/{id}/versions", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<ProductVersion> createVersion(HttpRequest<?> request, UUID id, @Body NewVersion body) {
        User user = auth.requireAdmin(request);
        return HttpResponse.created(DomainProblems.call(() -> admin.createVersion(user.id(), id, body.label(),
                body.listed() == null || body.listed())));
    }

    @Get("/versions/{id}/plans")
    public List<Plan> listPlans(HttpRequest<?> request, UUID id) {
        auth.requireAdmin(request);
        return plans.findByVersionIdOrderBySlug(id);
    }

    @Post(value = "/versions/{id}/plans", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<Plan> createPlan(HttpRequest<?> request, UUID id, @Body NewPlan body) {
        User user = auth.requireAdmin(request);
        return HttpResponse.created(DomainProblems.call(() -> admin.createPlan(user.id(), id, body.slug(), body.title(),
                body.preflightRequired() == null || body.preflightRequired())));
    }

    @Get("/plans/{id}/steps")
    public List<StepOut> listSteps(HttpRequest<?> request, UUID id) {
        auth.requireAdmin(request);
        return steps.findByPlanIdOrderByStepOrder(id).stream().map(this::out).toList();
    }

    @Post(value = "/plans/{id}/steps", consumes = MediaType.APPLICATION_JSON)
    public HttpResponse<StepOut> createStep(HttpRequest<?> request, UUID id, @Body StepInput body) {
        User user = auth.requireAdmin(request);
        boolean required = body.required() == null || body.required();
        return HttpResponse.created(out(DomainProblems.call(() -> body.order() == null
                ? admin.appendStep(user.id(), id, body.name(), body.kind(), body.config(), required)
                : admin.createStep(user.id(), id, body.order(), body.name(), body.kind(), body.config(), required))));
    }

    @Put(value = "/steps/{id}", consumes = MediaType.APPLICATION_JSON)
    public StepOut updateStep(HttpRequest<?> request, UUID id, @Body StepInput body) {
        User user = auth.requireAdmin(request);
        Step old = steps.findById(id).orElse(null);
        int order = body.order() != null ? body.order() : old != null ? old.stepOrder() : 0;
        return out(DomainProblems.call(() -> admin.updateStep(user.id(), id, order, body.name(), body.kind(),
                body.config(), body.required() == null || body.required())));
    }

    @Delete("/steps/{id}")
    public HttpResponse<?> deleteStep(HttpRequest<?> request, UUID id) {
        User user = auth.requireAdmin(request);
        DomainProblems.call(() -> {
            admin.deleteStep(user.id(), id);
            return null;
        });
        return HttpResponse.noContent();
    }

    @Patch(value = "/products/{id}", consumes = MediaType.APPLICATION_JSON)
    public Product patchProduct(HttpRequest<?> request, UUID id, @Body ProductPatch body) {
        User user = auth.requireAdmin(request);
        return DomainProblems.call(() -> {
            Product old = products.findById(id).orElseThrow(() -> new NotFoundException("product"));
            return admin.updateProduct(user.id(), id, or(body.slug(), old.slug()), or(body.title(), old.title()),
                    or(body.description(), old.description()));
        });
    }

    @Patch(value = "/versions/{id}", consumes = MediaType.APPLICATION_JSON)
    public ProductVersion patchVersion(HttpRequest<?> request, UUID id, @Body VersionPatch body) {
        User user = auth.requireAdmin(request);
        return DomainProblems.call(() -> {
            ProductVersion old = versions.findById(id).orElseThrow(() -> new NotFoundException("version"));
            return admin.updateVersion(user.id(), id, or(body.label(), old.label()), or(body.listed(), old.isListed()));
        });
    }

    @Delete("/versions/{id}")
    public HttpResponse<?> deleteVersion(HttpRequest<?> request, UUID id) {
        User user = auth.requireAdmin(request);
        DomainProblems.call(() -> {
            admin.deleteVersion(user.id(), id);
            return null;
        });
        return HttpResponse.noContent();
    }

    @Patch(value = "/plans/{id}", consumes = MediaType.APPLICATION_JSON)
    public Plan patchPlan(HttpRequest<?> request, UUID id, @Body PlanPatch body) {
        User user = auth.requireAdmin(request);
        return DomainProblems.call(() -> {
            Plan old = plans.findById(id).orElseThrow(() -> new NotFoundException("plan"));
            return admin.updatePlan(user.id(), id, or(body.slug(), old.slug()), or(body.title(), old.title()),
                    or(body.preflightRequired(), old.preflightRequired()));
        });
    }

    @Delete("/plans/{id}")
    public HttpResponse<?> deletePlan(HttpRequest<?> request, UUID id) {
        User user = auth.requireAdmin(request);
        DomainProblems.call(() -> {
            admin.deletePlan(user.id(), id);
            return null;
        });
        return HttpResponse.noContent();
    }

    @Patch(value = "/steps/{id}", consumes = MediaType.APPLICATION_JSON)
    public StepOut patchStep(HttpRequest<?> request, UUID id, @Body StepPatch body) {
        User user = auth.requireAdmin(request);
        return out(DomainProblems.call(() -> {
            Step old = steps.findById(id).orElseThrow(() -> new NotFoundException("step"));
            return admin.editStep(user.id(), id, or(body.name(), old.name()), or(body.kind(), old.kind()),
                    body.config() != null ? body.config() : kinds.parse(old.config()), or(body.required(), old.isRequired()));
        }));
    }

    /** Swaps the step with its neighbour; answers the plan's steps in their new order. */
    @Post(value = "/steps/{id}/move", consumes = MediaType.APPLICATION_JSON)
    public List<StepOut> moveStep(HttpRequest<?> request, UUID id, @Body Move body) {
        User user = auth.requireAdmin(request);
        CatalogueAdmin.Direction direction = switch (body.direction() == null ? "" : body.direction()) {
            case "up" -> CatalogueAdmin.Direction.UP;
            case "down" -> CatalogueAdmin.Direction.DOWN;
            default -> throw new ProblemException(HttpStatus.BAD_REQUEST, "direction must be \"up\" or \"down\".");
        };
        return DomainProblems.call(() -> admin.moveStep(user.id(), id, direction)).stream().map(this::out).toList();
    }

    private static <T> T or(@Nullable T value, T fallback) {
        return value != null ? value : fallback;
    }

    private StepOut out(Step s) {
        return new StepOut(s.id(), s.planId(), s.stepOrder(), s.name(), s.kind(), kinds.parse(s.config()), s.isRequired());
    }
}
