package dev.deckhand.support;

import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.catalogue.Plan;
import io.micronaut.context.ApplicationContext;

import java.util.List;
import java.util.Map;

/** Publishes a one-plan product through the real catalogue admin, as an admin would. */
public final class TestPlans {

    private TestPlans() {
    }

    /** {@code wait} steps of {@code seconds} each, named in order (for {@link #publish}). */
    public static List<Map<String, Object>> waits(double seconds, String... names) {
        return java.util.Arrays.stream(names).<Map<String, Object>>map(n -> Map.of("name", n, "kind", "wait",
                "config", Map.of("seconds", seconds))).toList();
    }

    /** Steps as maps of name, kind and config, created in order; the product's slug must be unique per database. */
    @SuppressWarnings("unchecked")
    public static Plan publish(ApplicationContext ctx, String slug, boolean preflight, List<Map<String, Object>> steps) {
        CatalogueAdmin admin = ctx.getBean(CatalogueAdmin.class);
        var product = admin.createProduct(null, slug, "Product " + slug, "", null);
        var version = admin.createVersion(null, product.id(), "1.0", true);
        Plan plan = admin.createPlan(null, version.id(), "install", "Install", preflight);
        int order = 1;
        for (Map<String, Object> s : steps) {
            admin.createStep(null, plan.id(), order++, (String) s.get("name"), (String) s.get("kind"),
                    (Map<String, Object>) s.get("config"), true);
        }
        return plan;
    }
}
