package dev.deckhand.catalogue;

import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.steps.StepKinds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Catalogue as code ({@code deckhand catalogue apply FILE | export}): {@link #apply} makes the
 * catalogue match a {@link CatalogueDocument}, {@link #export} writes the current one, so that
 * exporting after applying gives the applied document back (semantically: defaults filled in).
 *
 * <p>Apply is idempotent and all-or-nothing (one transaction): products, versions and plans are
 * matched by slug/label and created or updated; a listed plan's steps become exactly the file's,
 * matched by name (created, updated, reordered, deleted). Products, versions and plans the file
 * does not mention are left alone. Every write goes through {@link CatalogueAdmin}, so configs
 * are checked by the same {@code StepKinds.validate} as the admin API and every change is
 * audited. A change to the steps of a plan with a run or preflight in progress is refused
 * (IllegalStateException naming the plan): the run reads the steps while it goes. The check locks
 * the plan ({@link PlansInUse}), so no run can start on it until the apply has committed.
 */
@Singleton
public class CatalogueCode {

    private final CatalogueAdmin admin;
    private final ProductRepository products;
    private final ProductVersionRepository versions;
    private final PlanRepository plans;
    private final StepRepository steps;
    private final StepKinds kinds;
    private final UserRepository users;
    private final PlansInUse inUse;

    public CatalogueCode(CatalogueAdmin admin, ProductRepository products, ProductVersionRepository versions,
                         PlanRepository plans, StepRepository steps, StepKinds kinds, UserRepository users,
                         PlansInUse inUse) {
        this.inUse = inUse;
        this.admin = admin;
        this.products = products;
        this.versions = versions;
        this.plans = plans;
        this.steps = steps;
        this.kinds = kinds;
        this.users = users;
    }

    /** What apply did, one line per change ("created product demo-notes"); empty: nothing changed. */
    public record ApplyReport(List<String> changes) {
        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    /**
     * @param actor who applies (a user's e-mail, subject or id, recorded as the audit actor when it
     *              names one user; anything else, e.g. {@code cli}, leaves the actor empty)
     */
    @Transactional
    public ApplyReport apply(Reader yaml, String actor) {
        return apply(CatalogueDocument.read(yaml), actor);
    }

    @Transactional
    public ApplyReport apply(CatalogueDocument doc, String actor) {
        UUID who = actorId(actor);
        List<String> changes = new ArrayList<>();
        for (CatalogueDocument.ProductDoc pd : doc.products()) {
            Product product = products.findBySlug(pd.slug()).orElse(null);
            if (product == null) {
                product = admin.createProduct(who, pd.slug(), pd.title(), pd.description(), null);
                changes.add("created product " + pd.slug());
            } else if (!product.title().equals(pd.title()) || !product.description().equals(pd.description())) {
                product = admin.updateProduct(who, product.id(), pd.slug(), pd.title(), pd.description());
                changes.add("updated product " + pd.slug());
            }
            for (CatalogueDocument.VersionDoc vd : pd.versions()) {
                String where = pd.slug() + " " + vd.label();
                UUID productId = product.id();
                ProductVersion version = versions.findByProductIdOrderByCreatedAt(productId).stream()
                        .filter(v -> v.label().equals(vd.label())).findFirst().orElse(null);
                if (version == null) {
                    version = admin.createVersion(who, productId, vd.label(), vd.listed());
                    changes.add("created version " + where);
                } else if (version.isListed() != vd.listed()) {
                    version = admin.updateVersion(who, version.id(), vd.label(), vd.listed());
                    changes.add("updated version " + where);
                }
                for (CatalogueDocument.PlanDoc pl : vd.plans()) {
                    applyPlan(who, version.id(), where + " " + pl.slug(), pl, changes);
                }
            }
        }
        return new ApplyReport(List.copyOf(changes));
    }

    private void applyPlan(@Nullable UUID who, UUID versionId, String where, CatalogueDocument.PlanDoc pd,
                           List<String> changes) {
        Plan plan = plans.findByVersionIdOrderBySlug(versionId).stream().filter(p -> p.slug().equals(pd.slug()))
                .findFirst().orElse(null);
        if (plan == null) {
            plan = admin.createPlan(who, versionId, pd.slug(), pd.title(), pd.preflightRequired());
            changes.add("created plan " + where);
        } else if (!plan.title().equals(pd.title()) || plan.preflightRequired() != pd.preflightRequired()) {
            plan = admin.updatePlan(who, plan.id(), pd.slug(), pd.title(), pd.preflightRequired());
            changes.add("updated plan " + where);
        }
        List<Step> existing = new ArrayList<>(steps.findByPlanIdOrderByStepOrder(plan.id()));
        Map<String, Step> byName = new HashMap<>();
        existing.forEach(s -> byName.putIfAbsent(s.name(), s));
        List<Step> removed = existing.stream().filter(s -> byName.get(s.name()) != s
                || pd.steps().stream().noneMatch(d -> d.name().equals(s.name()))).toList();
        Map<CatalogueDocument.StepDoc, Step> updated = new LinkedHashMap<>();
        List<CatalogueDocument.StepDoc> created = new ArrayList<>();
        for (CatalogueDocument.StepDoc sd : pd.steps()) {
            Step old = byName.get(sd.name());
            if (old == null) {
                created.add(sd);
            } else if (!same(old, sd)) {
                updated.put(sd, old);
            }
        }
        boolean stepsChange = !removed.isEmpty() || !updated.isEmpty() || !created.isEmpty();
        if (stepsChange && inUse.lockAndCheck(PlansInUse.Scope.PLAN, plan.id())) {
            throw new IllegalStateException("plan " + where + " has a run or preflight in progress; its steps "
                    + "cannot change until it finishes (nothing was applied)");
        }
        // Deletes, then the kept steps' new places (all at once), then their other changes, then
        // creates: no statement ever gives two steps of the plan one order.
        for (Step s : removed) {
            admin.deleteStep(who, s.id());
            changes.add("deleted step '" + s.name() + "' of " + where);
        }
        Map<UUID, Integer> places = new LinkedHashMap<>();
        updated.forEach((sd, old) -> {
            if (old.stepOrder() != sd.order()) {
                places.put(old.id(), sd.order());
            }
        });
        if (!places.isEmpty()) {
            admin.placeSteps(who, plan.id(), places);
        }
        for (Map.Entry<CatalogueDocument.StepDoc, Step> e : updated.entrySet()) {
            CatalogueDocument.StepDoc sd = e.getKey();
            Step old = e.getValue();
            if (!old.kind().equals(sd.kind()) || old.isRequired() != sd.required() || !sameConfig(old, sd)) {
                admin.updateStep(who, old.id(), sd.order(), sd.name(), sd.kind(), sd.config(), sd.required());
            }
            changes.add("updated step '" + sd.name() + "' of " + where);
        }
        for (CatalogueDocument.StepDoc sd : created) {
            admin.createStep(who, plan.id(), sd.order(), sd.name(), sd.kind(), sd.config(), sd.required());
            changes.add("created step '" + sd.name() + "' of " + where);
        }
    }

    private boolean same(Step old, CatalogueDocument.StepDoc sd) {
        return old.stepOrder() == sd.order() && old.kind().equals(sd.kind()) && old.isRequired() == sd.required()
                && sameConfig(old, sd);
    }

    private boolean sameConfig(Step old, CatalogueDocument.StepDoc sd) {
        return Objects.equals(kinds.parse(old.config()), kinds.parse(kinds.validate(sd.kind(), sd.config())));
    }

    /** The whole catalogue as a document: products by slug, versions by creation, plans by slug, steps by order. */
    @Transactional
    public CatalogueDocument current() {
        List<CatalogueDocument.ProductDoc> out = new ArrayList<>();
        for (Product p : products.listOrderBySlug()) {
            List<CatalogueDocument.VersionDoc> vs = new ArrayList<>();
            for (ProductVersion v : versions.findByProductIdOrderByCreatedAt(p.id())) {
                List<CatalogueDocument.PlanDoc> ps = new ArrayList<>();
                for (Plan pl : plans.findByVersionIdOrderBySlug(v.id())) {
                    List<CatalogueDocument.StepDoc> ss = steps.findByPlanIdOrderByStepOrder(pl.id()).stream()
                            .map(s -> new CatalogueDocument.StepDoc(s.name(), s.stepOrder(), s.kind(), s.isRequired(),
                                    kinds.parse(s.config()))).toList();
                    ps.add(new CatalogueDocument.PlanDoc(pl.slug(), pl.title(), pl.preflightRequired(), ss));
                }
                vs.add(new CatalogueDocument.VersionDoc(v.label(), v.isListed(), List.copyOf(ps)));
            }
            out.add(new CatalogueDocument.ProductDoc(p.slug(), p.title(), p.description(), List.copyOf(vs)));
        }
        return new CatalogueDocument(List.copyOf(out));
    }

    /** Writes {@link #current()} as YAML. */
    public void export(Writer out) {
        current().write(out);
    }

    /** Whether the catalogue has no product at all (the local stack seeds the demo only then). */
    public boolean isEmpty() {
        return products.count() == 0;
    }

    private @Nullable UUID actorId(@Nullable String actor) {
        if (actor == null || actor.isBlank()) {
            return null;
        }
        List<User> found = users.findByReference(actor.strip());
        return found.size() == 1 ? Optional.of(found.get(0)).map(User::id).orElse(null) : null;
    }
}
