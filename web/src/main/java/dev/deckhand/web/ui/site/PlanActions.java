package dev.deckhand.web.ui.site;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.runs.PreflightRepository;
import dev.deckhand.web.ui.runs.StartForm;
import dev.deckhand.web.ui.session.SignedInUser;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * What a visitor can do with a plan on the product page: sign in; once signed in, connect (or
 * reconnect) the account, run the preflight and start a job, with a link to the latest preflight.
 * The domain still decides whether a start is allowed; this only offers the buttons (shown by
 * {@code views/site/plan-card.mustache}).
 */
@Singleton
public class PlanActions {

    /**
     * The actions on one plan.
     *
     * @param next     where sign-in and connect come back to (the product page)
     * @param signedIn what a signed-in user can do; empty: only "Sign in to run this plan"
     */
    public record Offer(String next, Optional<SignedIn> signedIn) {
    }

    /**
     * @param account      "Connected as ..." or "No account connected"
     * @param connectLabel "Connect account" or "Reconnect account"
     * @param preflight    whether the plan needs a preflight (then its button is offered)
     */
    public record SignedIn(String account, String connectLabel, boolean preflight, StartForm.Form start,
                           Optional<LatestPreflight> latest) {
    }

    /** The user's latest preflight of the plan, linked with its status. */
    public record LatestPreflight(UUID id, String status) {
    }

    private final ConnectedAccountRepository accounts;
    private final PreflightRepository preflights;
    private final StartForm startForm;

    public PlanActions(ConnectedAccountRepository accounts, PreflightRepository preflights, StartForm startForm) {
        this.startForm = startForm;
        this.accounts = accounts;
        this.preflights = preflights;
    }

    public Offer offer(Optional<SignedInUser.Current> user, CatalogueQueries.PlanView plan, String productSlug) {
        String back = "/products/" + productSlug;
        if (user.isEmpty()) {
            return new Offer(back, Optional.empty());
        }
        var u = user.get().user();
        Optional<ConnectedAccount> account = accounts.findByUserId(u.id()).stream().filter(ConnectedAccount::active)
                .max(Comparator.comparing(ConnectedAccount::lastUsedAt));
        return new Offer(back, Optional.of(new SignedIn(
                account.map(a -> "Connected as " + (a.username() == null ? a.subject() : a.username()))
                        .orElse("No account connected"),
                account.isPresent() ? "Reconnect account" : "Connect account",
                plan.preflightRequired(),
                startForm.of(plan.id(), "start-" + plan.slug()),
                preflights.findFirstByUserIdAndPlanIdOrderByCreatedAtDesc(u.id(), plan.id())
                        .map(p -> new LatestPreflight(p.id(), p.status())))));
    }
}
