package dev.deckhand.web.ui.account;

import dev.deckhand.accounts.ApiToken;
import dev.deckhand.accounts.ApiTokenRepository;
import dev.deckhand.audit.AuditLog;
import dev.deckhand.mail.MailPreferences;
import dev.deckhand.mail.MailSettings;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The signed-in user's settings page: {@code GET /settings} shows the address mail goes to and the
 * "e-mail me when a run finishes or fails" checkbox; {@code POST /settings} (form, CSRF) saves it
 * and redirects back (303). It also lists the user's personal API tokens (created by an operator
 * with {@code deckhand token create}; id, created, expires, last used: never a value) and
 * {@code POST /settings/tokens/{id}/revoke} deletes one of them (only their own; audited
 * {@code token.revoked}). Without a session all redirect to sign-in. Page: {@link SettingsPage}.
 */
@Controller("/settings")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SettingsController {

    private static final String API_TOKEN = "api";

    private final SignedInUser users;
    private final MailPreferences preferences;
    private final MailSettings mail;
    private final Pages pages;
    private final ApiTokenRepository tokens;
    private final AuditLog audit;

    public SettingsController(SignedInUser users, MailPreferences preferences, MailSettings mail, Pages pages,
                              ApiTokenRepository tokens, AuditLog audit) {
        this.users = users;
        this.preferences = preferences;
        this.mail = mail;
        this.pages = pages;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> show(HttpRequest<?> request) {
        var current = users.current(request);
        if (current.isEmpty()) {
            return HttpResponse.seeOther(URI.create("/signin?next=/settings"));
        }
        var user = current.get().user();
        String email = user.email() == null || user.email().isBlank() ? null : user.email();
        List<ApiToken> own = tokens.findByUserIdAndKindOrderByCreatedAtDesc(user.id(), API_TOKEN);
        List<SettingsPage.Token> rows = own.stream().map(t -> new SettingsPage.Token(t.id().toString(),
                t.createdAt().toString(), t.expiresAt().toString(),
                t.lastUsedAt() == null ? "never" : t.lastUsedAt().toString())).toList();
        boolean emailOnRunEnd = preferences.emailOnRunEnd(user.id());
        String note = mail.enabled() ? "" : "This Deckhand does not send e-mail at the moment; your choice is kept.";
        return pages.render(request, new Pages.Frame("Settings", "settings", List.of()), token -> new SettingsPage(token,
                email == null ? "none yet (your provider did not share one; sign in again once it does)" : email,
                emailOnRunEnd, note, rows));
    }

    @Post(value = "/tokens/{id}/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> revokeToken(HttpRequest<?> request, @PathVariable UUID id) {
        var current = users.current(request);
        if (current.isEmpty()) {
            return HttpResponse.seeOther(URI.create("/signin?next=/settings"));
        }
        UUID userId = current.get().user().id();
        if (tokens.deleteOwned(id, userId, API_TOKEN) > 0) {
            audit.record(userId, "token.revoked", "api_token", id.toString(), Map.of("via", "settings"));
        }
        return HttpResponse.seeOther(URI.create("/settings"));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> save(HttpRequest<?> request, @Body Map<String, String> form) {
        var current = users.current(request);
        if (current.isEmpty()) {
            return HttpResponse.seeOther(URI.create("/signin?next=/settings"));
        }
        preferences.setEmailOnRunEnd(current.get().user().id(), "on".equals(form.get("email_on_run_end")));
        return HttpResponse.seeOther(URI.create("/settings"));
    }
}
