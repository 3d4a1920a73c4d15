package dev.deckhand.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.accounts.User;
import dev.deckhand.mail.MailPreferences;
import dev.deckhand.mail.MailSettings;
import dev.deckhand.web.problem.ProblemException;
import dev.deckhand.web.security.RateLimitedOnRoute;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/**
 * The signed-in user's preferences: {@code GET /api/me/preferences} and
 * {@code PUT /api/me/preferences} with {@code {"emailOnRunEnd": true}} ("e-mail me when a run
 * finishes or fails"). The answer also says where mail goes ({@code email}, from the provider at
 * sign-in) and whether this deploy sends mail at all ({@code mailEnabled}).
 */
@Controller("/api/me/preferences")
@ExecuteOn(TaskExecutors.BLOCKING)
@RateLimitedOnRoute
public class PreferencesApiController {

    private final ApiAuth auth;
    private final MailPreferences preferences;
    private final MailSettings mail;

    public PreferencesApiController(ApiAuth auth, MailPreferences preferences, MailSettings mail) {
        this.auth = auth;
        this.preferences = preferences;
        this.mail = mail;
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Preferences(boolean emailOnRunEnd, @Nullable String email, boolean mailEnabled) {
    }

    @Get
    public Preferences show(HttpRequest<?> request) {
        return view(auth.require(request));
    }

    @Put(consumes = MediaType.APPLICATION_JSON)
    public Preferences change(HttpRequest<?> request, @Nullable @Body Map<String, Object> change) {
        User user = auth.require(request);
        // A JSON boolean only: a lenient binding would turn "maybe" into false.
        if (change == null || !(change.get("emailOnRunEnd") instanceof Boolean on)) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "Give emailOnRunEnd as true or false.");
        }
        preferences.setEmailOnRunEnd(user.id(), on);
        return view(user);
    }

    private Preferences view(User user) {
        return new Preferences(preferences.emailOnRunEnd(user.id()), user.email(), mail.enabled());
    }
}
