package dev.deckhand.web.ui.catalogue;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The catalogue admin page ({@code views/catalogue/admin.mustache}): the whole tree of products,
 * versions, plans and steps, with a create form at each level and, on each entry, its edit form,
 * delete button and one-click changes. Built by {@link CatalogueAdminView}.
 *
 * @param error why the last form was refused (the page is then answered with 422 or 409), if it was
 */
@JStache(path = "catalogue/admin")
public record CataloguePage(Optional<String> error, List<ProductCard> products, String csrf) implements View {

    /**
     * @param imageSrc the public URL of the product's image, if it has one
     * @param maxKib   the largest image an upload may be
     */
    public record ProductCard(UUID id, String slug, String title, String description, Optional<String> imageSrc,
                              long maxKib, List<VersionCard> versions) {
    }

    public record VersionCard(UUID id, String label, boolean listed, List<PlanCard> plans) {
    }

    public record PlanCard(UUID id, String slug, String title, boolean preflightRequired, List<StepRow> steps) {
    }

    /** A step in run order; {@code config} is its JSON object as stored. */
    public record StepRow(UUID id, int order, String name, String kind, String config, boolean required) {
    }
}
