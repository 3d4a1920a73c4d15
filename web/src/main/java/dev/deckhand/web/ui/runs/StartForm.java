package dev.deckhand.web.ui.runs;

import dev.deckhand.web.ui.site.CatalogueQueries;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.UUID;

/**
 * The "Start job" form ({@code views/runs/start-form.mustache}, a partial of the product and run
 * pages), with a checkbox per optional step of the plan (unchecked: the step does not run;
 * required steps always run). Posted to {@code POST /plans/{id}/jobs} as repeated {@code steps}
 * fields, which RunsController hands to RunService#startJob as the chosen steps. The including
 * template must have a {@code csrf} in scope.
 */
@Singleton
public class StartForm {

    /**
     * @param buttonId the submit button's id (unique on a page with several plans)
     * @param optional the plan's optional steps, one checkbox each
     */
    public record Form(UUID planId, String buttonId, List<CatalogueQueries.StepView> optional) {

        public boolean hasOptionalSteps() {
            return !optional.isEmpty();
        }
    }

    private final CatalogueQueries catalogue;

    public StartForm(CatalogueQueries catalogue) {
        this.catalogue = catalogue;
    }

    /** The form of the run page (its button is {@code #start-job}). */
    public Form of(UUID planId) {
        return of(planId, "start-job");
    }

    public Form of(UUID planId, String buttonId) {
        return new Form(planId, buttonId, catalogue.plan(planId).map(e -> e.getValue().steps()).orElse(List.of())
                .stream().filter(s -> !s.required()).toList());
    }
}
