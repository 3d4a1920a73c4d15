package dev.deckhand.web.ui.account;

import dev.deckhand.mail.MailPreferences;
import dev.deckhand.mail.MailSettings;
import dev.deckhand.web.ui.session.SignedInUser;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Pages;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The signed-in user's settings page: {@code GET /settings} shows the address mail goes to and the
 * "e-mail me when a run finishes or fails" checkbox; {@code POST /settings} (form, CSRF) saves it
 * and redirects back (303). Without a session both redirect to sign-in.
 */
@Controller("/settings")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SettingsController {

    private final SignedInUser users;
    private final MailPreferences preferences;
    private final MailSettings mail;
    private final Pages pages;

    public SettingsController(SignedInUser users, MailPreferences preferences, MailSettings mail, Pages pages) {
        this.users = users;
        this.preferences = preferences;
        this.mail = mail;
        this.pages = pages;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<?> show(HttpRequest<?> request) {
        var current = users.current(request);
        if (current.isEmpty()) {
            return HttpResponse.seeOther(URI.create("/signin?next=/settings"));
        }
        var user = current.get().user();
        String email = user.email() == null || user.email().isBlank() ? null : user.email();
        return pages.page(request, new Pages.Frame("Settings", "settings", List.of()), "account/settings", Map.of(
                "email", email == null ? "none yet (your provider did not share one; sign in again once it does)" : email,
                "checked", Html.safe(preferences.emailOnRunEnd(user.id()) ? "checked" : ""),
                "note", mail.enabled() ? "" : "This Deckhand does not send e-mail at the moment; your choice is kept."));
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
