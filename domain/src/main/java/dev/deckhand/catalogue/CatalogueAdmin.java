package dev.deckhand.catalogue;

import dev.deckhand.audit.AuditLog;
import dev.deckhand.runs.NotFoundException;
import dev.deckhand.steps.StepKinds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every catalogue change, from the admin API and the admin UI alike: validated (slugs, step
 * kinds and configs through {@link StepKinds#validate}), timed by the Clock bean, and audited
 * (product.created, version.created, plan.created, step.created/updated/deleted) in the same
 * transaction. Nothing else writes the catalogue tables.
 *
 * <p>Steps of a plan have distinct orders (a unique constraint, checked at commit so a reorder
 * can pass through equal orders): create and update refuse a taken order, {@link #appendStep}
 * places a step after the last one, {@link #placeSteps} reorders several at once. Each of them
 * first locks the plan row ({@link PlansInUse#lock}), so concurrent changes of one plan's orders
 * run one after the other: two appends at once get distinct orders instead of one of them
 * failing at commit.
 *
 * <p>Edits (the admin UI and API): {@code *.updated}, {@code product.image_set},
 * {@code step.moved}; deletes ({@code product/version/plan/step.deleted}) are refused with
 * {@link CatalogueInUseException} while a run needs the entry ({@link PlansInUse}).
 */
@Singleton
public class CatalogueAdmin {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private final ProductRepository products;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepRepository steps;
    private final StepKinds kinds;
    private final AuditLog audit;
    private final Clock clock;
    private final PlansInUse inUse;

    public CatalogueAdmin(ProductRepository products, ProductVersionRepository versions, PlanRepository plans,
                          StepRepository steps, StepKinds kinds, AuditLog audit, Clock clock, PlansInUse inUse) {
        this.inUse = inUse;
        this.products = products;
        this.versions = versions;
        this.plans = plans;
        this.steps = steps;
        this.kinds = kinds;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Product createProduct(UUID actor, String slug, String title, @Nullable String description,
                                 @Nullable String imageKey) {
        Product p = products.save(new Product(null, slug(slug), required(title, "title"),
                description == null ? "" : description, imageKey, clock.instant()));
        audit.record(actor, "product.created", "product", p.id().toString(), Map.of("slug", p.slug()));
        return p;
    }

    @Transactional
    public ProductVersion createVersion(UUID actor, UUID productId, String label, boolean listed) {
        products.findById(productId).orElseThrow(() -> new NotFoundException("product"));
        ProductVersion v = versions.save(new ProductVersion(null, productId, required(label, "label"), listed,
                clock.instant()));
        audit.record(actor, "version.created", "version", v.id().toString(), Map.of("label", v.label()));
        return v;
    }

    @Transactional
    public Plan createPlan(UUID actor, UUID versionId, String slug, String title, boolean preflightRequired) {
        versions.findById(versionId).orElseThrow(() -> new NotFoundException("version"));
        Plan p = plans.save(new Plan(null, versionId, slug(slug), required(title, "title"), preflightRequired,
                clock.instant()));
        audit.record(actor, "plan.created", "plan", p.id().toString(), Map.of("slug", p.slug()));
        return p;
    }

    @Transactional
    public Step createStep(UUID actor, UUID planId, int order, String name, String kind, Map<String, Object> config,
                           boolean required) {
        plans.findById(planId).orElseThrow(() -> new NotFoundException("plan"));
        inUse.lock(PlansInUse.Scope.PLAN, planId);
        String json = kinds.validate(kind, config);
        if (steps.existsByPlanIdAndStepOrder(planId, order)) {
            throw new IllegalArgumentException("the plan already has a step at order " + order
                    + "; leave the order out to append the step");
        }
        Step s = steps.save(new Step(null, planId, order, required(name, "name"), kind, json, required, clock.instant()));
        audit.record(actor, "step.created", "step", s.id().toString(), Map.of("kind", kind, "order", order));
        return s;
    }

    /**
     * {@link #createStep} as the last step of the plan (order = highest + 1, read in the same
     * transaction after the plan row is locked, so a concurrent append waits and reads the new highest).
     */
    @Transactional
    public Step appendStep(UUID actor, UUID planId, String name, String kind, Map<String, Object> config,
                           boolean required) {
        inUse.lock(PlansInUse.Scope.PLAN, planId);
        int order = steps.findByPlanIdOrderByStepOrder(planId).stream().mapToInt(Step::stepOrder).max().orElse(0) + 1;
        return createStep(actor, planId, order, name, kind, config, required);
    }

    @Transactional
    public Step updateStep(UUID actor, UUID stepId, int order, String name, String kind, Map<String, Object> config,
                           boolean required) {
        Step old = steps.findById(stepId).orElseThrow(() -> new NotFoundException("step"));
        inUse.lock(PlansInUse.Scope.PLAN, old.planId());
        String json = kinds.validate(kind, config);
        if (order != old.stepOrder() && steps.existsByPlanIdAndStepOrder(old.planId(), order)) {
            throw new IllegalArgumentException("the plan already has a step at order " + order);
        }
        Step s = steps.update(new Step(old.id(), old.planId(), order, required(name, "name"), kind, json, required,
                old.createdAt()));
        audit.record(actor, "step.updated", "step", s.id().toString(), Map.of("kind", kind, "order", order));
        return s;
    }

    /**
     * Gives several steps of one plan new orders at once (a reorder): they pass through free
     * negative orders, so no two steps share one at any statement. The new orders must be distinct
     * and not taken by a step of the plan left out of {@code orders}. Audited as step.moved.
     */
    @Transactional
    public void placeSteps(UUID actor, UUID planId, Map<UUID, Integer> orders) {
        inUse.lock(PlansInUse.Scope.PLAN, planId);
        List<Step> all = steps.findByPlanIdOrderByStepOrder(planId);
        Map<UUID, Step> moving = new LinkedHashMap<>();
        all.stream().filter(s -> orders.containsKey(s.id())).forEach(s -> moving.put(s.id(), s));
        if (moving.size() != orders.size()) {
            throw new NotFoundException("step of this plan");
        }
        Set<Integer> wanted = new HashSet<>(orders.values());
        if (wanted.size() != orders.size() || all.stream().anyMatch(s -> !orders.containsKey(s.id())
                && wanted.contains(s.stepOrder()))) {
            throw new IllegalArgumentException("two steps of the plan would share an order");
        }
        int free = Math.min(0, all.stream().mapToInt(Step::stepOrder).min().orElse(0)) - 1;
        for (Step s : moving.values()) {
            steps.update(reordered(s, free--));
        }
        for (Step s : moving.values()) {
            int order = orders.get(s.id());
            steps.update(reordered(s, order));
            audit.record(actor, "step.moved", "step", s.id().toString(), Map.of("order", order));
        }
    }

    private static Step reordered(Step s, int order) {
        return new Step(s.id(), s.planId(), order, s.name(), s.kind(), s.config(), s.isRequired(), s.createdAt());
    }

    @Transactional
    public void deleteStep(UUID actor, UUID stepId) {
        Step s = steps.findById(stepId).orElseThrow(() -> new NotFoundException("step"));
        if (inUse.lockAndCheck(PlansInUse.Scope.PLAN, s.planId())) {
            throw new CatalogueInUseException("step");
        }
        steps.delete(s);
        audit.record(actor, "step.deleted", "step", s.id().toString(), Map.of());
    }

    @Transactional
    public void deleteProduct(UUID actor, UUID productId) {
        Product p = products.findById(productId).orElseThrow(() -> new NotFoundException("product"));
        if (inUse.lockAndCheck(PlansInUse.Scope.PRODUCT, productId)) {
            throw new CatalogueInUseException("product");
        }
        products.delete(p);
        audit.record(actor, "product.deleted", "product", p.id().toString(), Map.of("slug", p.slug()));
    }

    @Transactional
    public Product updateProduct(UUID actor, UUID productId, String slug, String title, @Nullable String description) {
        Product old = products.findById(productId).orElseThrow(() -> new NotFoundException("product"));
        Product p = products.update(new Product(old.id(), slug(slug), required(title, "title"),
                description == null ? "" : description, old.imageKey(), old.createdAt()));
        audit.record(actor, "product.updated", "product", p.id().toString(), Map.of("slug", p.slug()));
        return p;
    }

    /** Points the product at a stored public image (a content-hash key from {@link ProductImages}), or none. */
    @Transactional
    public Product setProductImage(UUID actor, UUID productId, @Nullable String imageKey) {
        Product old = products.findById(productId).orElseThrow(() -> new NotFoundException("product"));
        Product p = products.update(new Product(old.id(), old.slug(), old.title(), old.description(), imageKey,
                old.createdAt()));
        audit.record(actor, "product.image_set", "product", p.id().toString(),
                Map.of("image_key", imageKey == null ? "" : imageKey));
        return p;
    }

    /** Relabels a version and lists or unlists it (unlisted: hidden from users, its plans cannot be started). */
    @Transactional
    public ProductVersion updateVersion(UUID actor, UUID versionId, String label, boolean listed) {
        ProductVersion old = versions.findById(versionId).orElseThrow(() -> new NotFoundException("version"));
        ProductVersion v = versions.update(new ProductVersion(old.id(), old.productId(), required(label, "label"), listed,
                old.createdAt()));
        audit.record(actor, "version.updated", "version", v.id().toString(), Map.of("label", v.label(), "listed", listed));
        return v;
    }

    @Transactional
    public void deleteVersion(UUID actor, UUID versionId) {
        ProductVersion v = versions.findById(versionId).orElseThrow(() -> new NotFoundException("version"));
        if (inUse.lockAndCheck(PlansInUse.Scope.VERSION, versionId)) {
            throw new CatalogueInUseException("version");
        }
        versions.delete(v);
        audit.record(actor, "version.deleted", "version", v.id().toString(), Map.of("label", v.label()));
    }

    @Transactional
    public Plan updatePlan(UUID actor, UUID planId, String slug, String title, boolean preflightRequired) {
        Plan old = plans.findById(planId).orElseThrow(() -> new NotFoundException("plan"));
        Plan p = plans.update(new Plan(old.id(), old.versionId(), slug(slug), required(title, "title"), preflightRequired,
                old.createdAt()));
        audit.record(actor, "plan.updated", "plan", p.id().toString(), Map.of("slug", p.slug()));
        return p;
    }

    @Transactional
    public void deletePlan(UUID actor, UUID planId) {
        Plan p = plans.findById(planId).orElseThrow(() -> new NotFoundException("plan"));
        if (inUse.lockAndCheck(PlansInUse.Scope.PLAN, planId)) {
            throw new CatalogueInUseException("plan");
        }
        plans.delete(p);
        audit.record(actor, "plan.deleted", "plan", p.id().toString(), Map.of("slug", p.slug()));
    }

    /** {@link #updateStep} keeping the step's place in the plan. */
    @Transactional
    public Step editStep(UUID actor, UUID stepId, String name, String kind, Map<String, Object> config, boolean required) {
        Step old = steps.findById(stepId).orElseThrow(() -> new NotFoundException("step"));
        return updateStep(actor, stepId, old.stepOrder(), name, kind, config, required);
    }

    /** Marks a step optional (users may leave it out of a run) or required. */
    @Transactional
    public Step setStepRequired(UUID actor, UUID stepId, boolean required) {
        Step old = steps.findById(stepId).orElseThrow(() -> new NotFoundException("step"));
        Step s = steps.update(new Step(old.id(), old.planId(), old.stepOrder(), old.name(), old.kind(), old.config(),
                required, old.createdAt()));
        audit.record(actor, "step.updated", "step", s.id().toString(), Map.of("required", required));
        return s;
    }

    /** Which way {@link #moveStep} moves a step: towards the start of the plan or its end. */
    public enum Direction { UP, DOWN }

    /**
     * Swaps a step with its neighbour (by order, then creation time) inside one transaction, the
     * plan row locked so two moves of one plan run one after the other. Distinct orders are swapped
     * through a free value, so the unique (plan_id, step_order) holds at every statement. First step up or last step
     * down: nothing changes (no audit entry). Returns the plan's steps in their new order.
     */
    @Transactional
    public List<Step> moveStep(UUID actor, UUID stepId, Direction direction) {
        Step step = steps.findById(stepId).orElseThrow(() -> new NotFoundException("step"));
        inUse.lock(PlansInUse.Scope.PLAN, step.planId());
        List<Step> list = new ArrayList<>(steps.findByPlanIdOrderByStepOrder(step.planId()));
        list.sort(Comparator.comparingInt(Step::stepOrder).thenComparing(Step::createdAt)
                .thenComparing(s -> s.id().toString()));
        int i = indexOf(list, stepId);
        int j = direction == Direction.UP ? i - 1 : i + 1;
        if (j < 0 || j >= list.size()) {
            return list;
        }
        Step a = list.get(i);
        Step b = list.get(j);
        // Orders are distinct (unique constraint, V31): swap through a free value so the
        // constraint holds at every statement.
        int free = list.stream().mapToInt(Step::stepOrder).min().orElse(0) - 1;
        steps.update(withOrder(a, free));
        steps.update(withOrder(b, a.stepOrder()));
        steps.update(withOrder(a, b.stepOrder()));
        audit.record(actor, "step.moved", "step", stepId.toString(), Map.of("direction", direction.name().toLowerCase()));
        List<Step> moved = new ArrayList<>(steps.findByPlanIdOrderByStepOrder(step.planId()));
        moved.sort(Comparator.comparingInt(Step::stepOrder).thenComparing(Step::createdAt));
        return moved;
    }

    private static int indexOf(List<Step> list, UUID id) {
        for (int k = 0; k < list.size(); k++) {
            if (list.get(k).id().equals(id)) {
                return k;
            }
        }
        throw new NotFoundException("step");
    }

    private static Step withOrder(Step s, int order) {
        return new Step(s.id(), s.planId(), order, s.name(), s.kind(), s.config(), s.isRequired(), s.createdAt());
    }

    private static String slug(String s) {
        if (s == null || !SLUG.matcher(s).matches()) {
            throw new IllegalArgumentException("slug must be lowercase letters, digits and dashes");
        }
        return s;
    }

    private static String required(String s, String field) {
        if (s == null || s.isBlank() || s.length() > 200) {
            throw new IllegalArgumentException(field + " is required (at most 200 characters)");
        }
        return s;
    }
}
