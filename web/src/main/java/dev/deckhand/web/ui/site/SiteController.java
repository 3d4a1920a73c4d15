package dev.deckhand.web.ui.site;

import dev.deckhand.storage.Storage;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.Pages;
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
import java.util.Optional;

/**
 * The public catalogue: {@code GET /} lists products, {@code GET /products/{slug}} shows a
 * product's plans (from listed versions) with their steps and the actions a signed-in user can
 * take on each plan. One record and one template each: {@link HomePage}, {@link ProductPage} (a
 * {@link PlanCard} per plan), {@link NotFoundPage}.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class SiteController {

    private final Pages pages;
    private final CatalogueQueries catalogue;
    private final PlanActions actions;
    private final SignedInUser users;
    private final Storage storage;

    public SiteController(Pages pages, CatalogueQueries catalogue, PlanActions actions,
                          SignedInUser users, Storage storage) {
        this.storage = storage;
        this.pages = pages;
        this.catalogue = catalogue;
        this.actions = actions;
        this.users = users;
    }

    @Get(uri = "/", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> home(HttpRequest<?> request) {
        var cards = catalogue.products().stream().map(p -> new HomePage.Card(p.slug(), p.title(), p.description(),
                Optional.ofNullable(p.imageKey()).map(key -> storage.publicUrl(key).toString()), p.planCount())).toList();
        return pages.render(request, new Pages.Frame("Products", "home", List.of()), new HomePage(cards));
    }

    @Get(uri = "/products/{slug}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> product(HttpRequest<?> request, @PathVariable String slug) {
        var user = users.current(request);
        return catalogue.product(slug)
                .map(p -> {
                    var plans = p.plans().stream()
                            .map(pl -> new PlanCard(pl, Optional.of(actions.offer(user, pl, p.slug())))).toList();
                    return pages.render(request, new Pages.Frame(p.title(), "home", List.of()),
                            token -> new ProductPage(p.title(), p.description(), plans, token));
                })
                .orElseGet(() -> pages.render(request, HttpStatus.NOT_FOUND, new Pages.Frame("Not found", "home", List.of()),
                        new NotFoundPage("product " + slug)));
    }
}
