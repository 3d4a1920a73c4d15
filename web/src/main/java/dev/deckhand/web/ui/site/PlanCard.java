package dev.deckhand.web.ui.site;

import java.util.Optional;

/**
 * One plan as users see it on its product page ({@code views/site/plan-card.mustache}, a partial):
 * title, version, whether a preflight is needed, the steps in order, and what the visitor can do
 * ({@link PlanActions.Offer}; empty where no action is offered, e.g. an admin's preview). A
 * template that includes the partial must have a {@code csrf} in scope when actions are offered.
 */
public record PlanCard(CatalogueQueries.PlanView plan, Optional<PlanActions.Offer> actions) {
}
