package dev.deckhand.web.ui.site;

import dev.deckhand.runtime.jdbc.PoolDataSource;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Read model of the catalogue for the public pages (products, listed versions, plans, steps),
 * straight from the catalogue tables of migration V12. Read-only: every change goes through the
 * domain's admin API. Blocking JDBC: call from {@code @ExecuteOn(BLOCKING)} routes.
 */
@Singleton
public class CatalogueQueries {

    /** imageKey: a public Storage key (content-hash name) of the product image, or null. */
    public record ProductSummary(UUID id, String slug, String title, String description, int planCount,
                                 @Nullable String imageKey) {
    }

    public record StepView(UUID id, int order, String name, String kind, boolean required) {
    }

    public record PlanView(UUID id, String slug, String title, String versionLabel, boolean preflightRequired,
                           List<StepView> steps) {
    }

    public record ProductView(UUID id, String slug, String title, String description, List<PlanView> plans) {
    }

    private final DataSource dataSource;

    public CatalogueQueries(DataSource dataSource, @Nullable DataSourceResolver resolver) {
        this.dataSource = PoolDataSource.of(dataSource, resolver);
    }

    public List<ProductSummary> products() {
        String sql = """
                SELECT p.id, p.slug, p.title, p.description,
                       (SELECT count(*) FROM plans pl JOIN versions v ON v.id = pl.version_id
                         WHERE v.product_id = p.id AND v.is_listed) AS plans, p.image_key
                  FROM products p ORDER BY p.title, p.slug
                """;
        List<ProductSummary> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ProductSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getString(6)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read products", e);
        }
    }

    /** A product with the plans of its listed versions (newest version first) and their steps. */
    public Optional<ProductView> product(String slug) {
        String productSql = "SELECT id, slug, title, description FROM products WHERE slug = ?";
        String planSql = """
                SELECT pl.id, pl.slug, pl.title, v.label, pl.preflight_required,
                       s.id, s.step_order, s.name, s.kind, s.is_required
                  FROM plans pl JOIN versions v ON v.id = pl.version_id
                  LEFT JOIN steps s ON s.plan_id = pl.id
                 WHERE v.product_id = ? AND v.is_listed
                 ORDER BY v.created_at DESC, pl.title, pl.id, s.step_order, s.created_at
                """;
        try (Connection c = dataSource.getConnection()) {
            UUID id;
            String title;
            String description;
            try (PreparedStatement ps = c.prepareStatement(productSql)) {
                ps.setString(1, slug);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    id = rs.getObject(1, UUID.class);
                    title = rs.getString(3);
                    description = rs.getString(4);
                }
            }
            Map<UUID, PlanView> plans = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(planSql)) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID planId = rs.getObject(1, UUID.class);
                        PlanView plan = plans.computeIfAbsent(planId, k -> {
                            try {
                                return new PlanView(k, rs.getString(2), rs.getString(3), rs.getString(4),
                                        rs.getBoolean(5), new ArrayList<>());
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        UUID stepId = rs.getObject(6, UUID.class);
                        if (stepId != null) {
                            plan.steps().add(new StepView(stepId, rs.getInt(7), rs.getString(8), rs.getString(9),
                                    rs.getBoolean(10)));
                        }
                    }
                }
            }
            return Optional.of(new ProductView(id, slug, title, description, List.copyOf(plans.values())));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read product " + slug, e);
        }
    }

    /** A plan by id with its steps, and its product's slug and title. */
    public Optional<Map.Entry<ProductSummary, PlanView>> plan(UUID planId) {
        String sql = "SELECT p.slug FROM plans pl JOIN versions v ON v.id = pl.version_id "
                + "JOIN products p ON p.id = v.product_id WHERE pl.id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, planId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String slug = rs.getString(1);
                return product(slug).flatMap(p -> p.plans().stream().filter(pl -> pl.id().equals(planId)).findFirst()
                        .map(pl -> Map.entry(new ProductSummary(p.id(), p.slug(), p.title(), p.description(),
                                p.plans().size(), null), pl)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read plan " + planId, e);
        }
    }
}
