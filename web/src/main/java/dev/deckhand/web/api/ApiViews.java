package dev.deckhand.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.User;
import dev.deckhand.runs.Job;
import dev.deckhand.runs.Preflight;
import dev.deckhand.runs.StepResults;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** JSON shapes of the user API: never an entity with token fields, never a token. */
@Singleton
public class ApiViews {

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UserView(UUID id, @Nullable String email, @Nullable String name, boolean admin) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AccountView(UUID id, @Nullable String username, String state, Instant lastUsedAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PreflightView(UUID id, UUID planId, String status, Map<String, Map<String, Object>> results,
                                @Nullable String error, @Nullable Instant expiresAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record JobView(UUID id, UUID planId, String status, List<String> steps,
                          Map<String, Map<String, Object>> results, String log, boolean cancelRequested,
                          @Nullable String error, Instant createdAt, @Nullable Instant finishedAt) {
    }

    private final StepResults results;
    private final JsonMapper json;

    public ApiViews(StepResults results, JsonMapper json) {
        this.results = results;
        this.json = json;
    }

    public UserView user(User u) {
        return new UserView(u.id(), u.email(), u.name(), u.isAdmin());
    }

    public AccountView account(ConnectedAccount a) {
        return new AccountView(a.id(), a.username(), a.state(), a.lastUsedAt());
    }

    public PreflightView preflight(Preflight p) {
        return new PreflightView(p.id(), p.planId(), p.status(), results.parse(p.results()), p.error(), p.expiresAt());
    }

    public JobView job(Job j) {
        try {
            return new JobView(j.id(), j.planId(), j.status(), json.readValue(j.selectedSteps(),
                    Argument.listOf(String.class)), results.parse(j.results()), j.log(), j.cancelRequested(),
                    j.error(), j.createdAt(), j.finishedAt());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
