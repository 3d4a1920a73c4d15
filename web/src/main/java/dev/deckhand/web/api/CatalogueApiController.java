package dev.deckhand.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.Product;
import dev.deckhand.catalogue.ProductRepository;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.storage.Storage;
import dev.deckhand.web.problem.ProblemException;
import dev.deckhand.web.security.RateLimitedOnRoute;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.UUID;

/** The public catalogue: listed versions, their plans and steps (kind and name, not config). */
@Controller("/api/products")
@ExecuteOn(TaskExecutors.BLOCKING)
@RateLimitedOnRoute
public class CatalogueApiController {

    private final ProductRepository products;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepRepository steps;
    private final Storage storage;

    public CatalogueApiController(ProductRepository products, ProductVersionRepository versions, PlanRepository plans,
                                  StepRepository steps, Storage storage) {
        this.products = products;
        this.versions = versions;
        this.plans = plans;
        this.steps = steps;
        this.storage = storage;
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProductSummary(UUID id, String slug, String title, String description, @Nullable String imageUrl) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StepView(UUID id, int order, String name, String kind, boolean required) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PlanView(UUID id, String slug, String title, boolean preflightRequired, List<StepView> steps) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record VersionView(UUID id, String label, List<PlanView> plans) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProductDetail(ProductSummary product, List<VersionView> versions) {
    }

    @Get
    public List<ProductSummary> list() {
        return products.listOrderBySlug().stream().map(this::summary).toList();
    }

    @Get("/{slug}")
    public ProductDetail detail(String slug) {
        Product p = products.findBySlug(slug).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                "product not found"));
        return new ProductDetail(summary(p), versions.findByProductIdOrderByCreatedAt(p.id()).stream()
                .filter(v -> v.isListed())
                .map(v -> new VersionView(v.id(), v.label(), plans.findByVersionIdOrderBySlug(v.id()).stream()
                        .map(plan -> new PlanView(plan.id(), plan.slug(), plan.title(), plan.preflightRequired(),
                                steps.findByPlanIdOrderByStepOrder(plan.id()).stream()
                                        .map(s -> new StepView(s.id(), s.stepOrder(), s.name(), s.kind(), s.isRequired()))
                                        .toList()))
                        .toList()))
                .toList());
    }

    private ProductSummary summary(Product p) {
        return new ProductSummary(p.id(), p.slug(), p.title(), p.description(),
                p.imageKey() == null ? null : storage.publicUrl(p.imageKey()).toString());
    }
}
