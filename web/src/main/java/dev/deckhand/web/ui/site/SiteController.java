package dev.deckhand.web.ui.site;

import dev.deckhand.storage.Storage;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Pages;
import dev.deckhand.web.ui.view.Templates;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.Map;

/**
 * The public catalogue: {@code GET /} lists products, {@code GET /products/{slug}} shows a
 * product's plans (from listed versions) with their steps and the actions a signed-in user can
 * take on each plan.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class SiteController {

    private final Pages pages;
    private final Templates templates;
    private final CatalogueQueries catalogue;
    private final PlanActions actions;
    private final SignedInUser users;
    private final Storage storage;

    public SiteController(Pages pages, Templates templates, CatalogueQueries catalogue, PlanActions actions,
                          SignedInUser users, Storage storage) {
        this.storage = storage;
        this.pages = pages;
        this.templates = templates;
        this.catalogue = catalogue;
        this.actions = actions;
        this.users = users;
    }

    @Get(uri = "/", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> home(HttpRequest<?> request) {
        List<CatalogueQueries.ProductSummary> products = catalogue.products();
        Html.Safe cards = products.isEmpty()
                ? templates.render("catalogue/empty", Map.of("message", "Nothing in the catalogue yet."))
                : templates.each("site/product-card", products.stream().map(p -> Map.of(
                        "slug", p.slug(), "title", p.title(), "description", p.description(),
                        "image", p.imageKey() == null ? Html.safe("")
                                : templates.render("site/product-image", Map.of("src", storage.publicUrl(p.imageKey()).toString())),
                        "plans", p.planCount() == 1 ? "1 plan" : p.planCount() + " plans")).toList());
        return pages.page(request, new Pages.Frame("Products", "home", List.of()), "site/home", Map.of("cards", cards));
    }

    @Get(uri = "/products/{slug}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> product(HttpRequest<?> request, @PathVariable String slug) {
        var user = users.current(request);
        return catalogue.product(slug)
                .map(p -> pages.page(request, new Pages.Frame(p.title(), "home", List.of()), token ->
                        templates.render("site/product", Map.of("title", p.title(), "description", p.description(),
                                "plans", p.plans().isEmpty()
                                        ? templates.render("catalogue/empty", Map.of("message", "No plans available yet."))
                                        : templates.each("site/plan", p.plans().stream().map(pl -> Map.of(
                                                "id", pl.id(), "slug", pl.slug(), "title", pl.title(),
                                                "version", pl.versionLabel(),
                                                "preflight", pl.preflightRequired() ? "Preflight required" : "No preflight needed",
                                                "steps", steps(pl),
                                                "actions", actions.render(user, pl, p.slug(), token))).toList()))))
                )
                .orElseGet(() -> pages.page(request, HttpStatus.NOT_FOUND, new Pages.Frame("Not found", "home", List.of()),
                        "site/not-found", Map.of("what", "product " + slug)));
    }

    private Html.Safe steps(CatalogueQueries.PlanView plan) {
        if (plan.steps().isEmpty()) {
            return templates.render("catalogue/empty", Map.of("message", "This plan has no steps."));
        }
        return templates.each("site/step", plan.steps().stream().map(s -> Map.of(
                "id", s.id(), "name", s.name(), "kind", s.kind(),
                "required", s.required() ? "required" : "optional")).toList());
    }
}
