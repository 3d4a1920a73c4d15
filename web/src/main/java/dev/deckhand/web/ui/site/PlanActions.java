package dev.deckhand.web.ui.site;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.runs.Preflight;
import dev.deckhand.runs.PreflightRepository;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Templates;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a visitor can do with a plan on the product page: sign in; once signed in, connect (or
 * reconnect) the account, run the preflight and start a job, with a link to the latest preflight.
 * The domain still decides whether a start is allowed; this only offers the buttons.
 */
@Singleton
public class PlanActions {

    private final Templates templates;
    private final ConnectedAccountRepository accounts;
    private final PreflightRepository preflights;
    private final dev.deckhand.web.ui.runs.StartForm startForm;

    public PlanActions(Templates templates, ConnectedAccountRepository accounts, PreflightRepository preflights,
                       dev.deckhand.web.ui.runs.StartForm startForm) {
        this.startForm = startForm;
        this.templates = templates;
        this.accounts = accounts;
        this.preflights = preflights;
    }

    public Html.Safe render(Optional<SignedInUser.Current> user, CatalogueQueries.PlanView plan, String productSlug,
                            String csrf) {
        String back = "/products/" + productSlug;
        if (user.isEmpty()) {
            return templates.render("site/actions-signin", Map.of("next", back));
        }
        var u = user.get().user();
        Optional<ConnectedAccount> account = accounts.findByUserId(u.id()).stream().filter(ConnectedAccount::active)
                .max(Comparator.comparing(ConnectedAccount::lastUsedAt));
        Map<String, Object> m = new HashMap<>();
        m.put("csrf", csrf);
        m.put("next", back);
        m.put("planId", plan.id());
        m.put("account", account.map(a -> "Connected as " + (a.username() == null ? a.subject() : a.username()))
                .orElse("No account connected"));
        m.put("connectLabel", account.isPresent() ? "Reconnect account" : "Connect account");
        m.put("preflight", plan.preflightRequired()
                ? templates.render("site/preflight-form", Map.of("planId", plan.id(), "csrf", csrf))
                : Html.safe(""));
        m.put("start", startForm.render(plan.id(), csrf, "start-" + plan.slug()));
        m.put("latest", preflights.findFirstByUserIdAndPlanIdOrderByCreatedAtDesc(u.id(), plan.id())
                .map(this::latest).orElse(Html.safe("")));
        return templates.render("site/actions-user", m);
    }

    private Html.Safe latest(Preflight p) {
        return templates.render("site/latest-preflight", Map.of("id", p.id(), "status", p.status()));
    }
}
