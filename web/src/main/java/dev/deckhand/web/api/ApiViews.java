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
                          Map<String, Map<String, Object>> results, @Nullable String log, boolean cancelRequested,
                          @Nullable String error, Instant createdAt, @Nullable Instant finishedAt) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LogLineView(long seq, Instant at, String text) {
    }

    /** A page of log lines; {@code next} is the cursor for {@code ?after=} (the last seq, or the one asked for). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LogPageView(List<LogLineView> lines, long next) {
    }

    private final StepResults results;
    private final JsonMapper json;

    public ApiViews(StepResults results, JsonMapper json) {
        this.results = results;
        this.json = json;
    }

    public LogPageView logPage(dev.deckhand.runs.RunLogs.Page page) {
        return new LogPageView(page.lines().stream().map(l -> new LogLineView(l.seq(), l.at(), l.text())).toList(),
                page.next());
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

    /** A job in a list: without its log (null; page it with GET /api/jobs/{id}/log). */
    public JobView job(Job j) {
        return job(j, null);
    }

    /** A job with its whole log as text (only after the caller checked the viewer may see it). */
    public JobView job(Job j, @Nullable String log) {
        try {
            return new JobView(j.id(), j.planId(), j.status(), json.readValue(j.selectedSteps(),
                    Argument.listOf(String.class)), results.parse(j.results()), log, j.cancelRequested(),
                    j.error(), j.createdAt(), j.finishedAt());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
