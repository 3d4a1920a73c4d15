package dev.deckhand.web.ui.runs;

import dev.deckhand.web.ui.site.CatalogueQueries;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Templates;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The "Start job" form, with a checkbox per optional step of the plan (unchecked: the step does
 * not run; required steps always run). Posted to {@code POST /plans/{id}/jobs} as repeated
 * {@code steps} fields, which RunsController hands to RunService#startJob as the chosen steps.
 */
@Singleton
public class StartForm {

    private final Templates templates;
    private final CatalogueQueries catalogue;

    public StartForm(Templates templates, CatalogueQueries catalogue) {
        this.templates = templates;
        this.catalogue = catalogue;
    }

    /** The form of the run page (its button is {@code #start-job}). */
    public Html.Safe render(UUID planId, String csrf) {
        return render(planId, csrf, "start-job");
    }

    /** @param buttonId the submit button's id (unique on a page with several plans) */
    public Html.Safe render(UUID planId, String csrf, String buttonId) {
        List<Map<String, Object>> optional = catalogue.plan(planId).map(e -> e.getValue().steps()).orElse(List.of())
                .stream().filter(s -> !s.required())
                .map(s -> Map.<String, Object>of("id", s.id(), "name", s.name())).toList();
        Html.Safe choices = optional.isEmpty() ? Html.safe("")
                : templates.render("runs/optional-steps", Map.of("choices", templates.each("runs/optional-step", optional)));
        return templates.render("runs/start-form", Map.of("planId", planId, "csrf", csrf, "optional", choices,
                "buttonId", buttonId));
    }
}
