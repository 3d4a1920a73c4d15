package dev.deckhand.runs;

import dev.deckhand.accounts.User;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * "My runs": every job of one user, newest first, optionally of one status, in pages joined by an
 * opaque cursor (the last row's {@code created_at} and id, so rows inserted meanwhile neither
 * repeat nor go missing, unlike an offset). Only the user's own jobs, whatever their role.
 */
@Singleton
public class RunHistory {

    public static final int MAX_PAGE = 100;
    public static final Set<String> STATUSES = Set.of(RunStatus.STARTED, RunStatus.COMPLETE, RunStatus.FAILED,
            RunStatus.CANCELED);
    private static final Instant END = Instant.parse("9999-12-31T00:00:00Z");
    private static final UUID LAST = new UUID(-1L, -1L);

    /** A page of jobs and the cursor of the next page (null on the last page). */
    public record Page(List<Job> jobs, @Nullable String next) {
    }

    /** A cursor or status that cannot be used (the web tier answers 400). */
    public static final class BadQueryException extends IllegalArgumentException {
        public BadQueryException(String message) {
            super(message);
        }
    }

    private final JobRepository jobs;

    public RunHistory(JobRepository jobs) {
        this.jobs = jobs;
    }

    public Page jobs(User user, @Nullable String status, @Nullable String cursor, int limit) {
        String s = status == null || status.isBlank() ? null : status;
        if (s != null && !STATUSES.contains(s)) {
            throw new BadQueryException("status must be one of started, complete, failed, canceled");
        }
        int n = Math.max(1, Math.min(limit, MAX_PAGE));
        Instant before = END;
        UUID beforeId = LAST;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(" ", 2);
                before = Instant.parse(parts[0]);
                beforeId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                throw new BadQueryException("cursor is not one this server gave out");
            }
        }
        List<Job> page = s == null ? jobs.findPageOfUser(user.id(), before, beforeId, n + 1)
                : jobs.findPageOfUserWithStatus(user.id(), s, before, beforeId, n + 1);
        if (page.size() <= n) {
            return new Page(page, null);
        }
        Job last = page.get(n - 1);
        String next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                (last.createdAt() + " " + last.id()).getBytes(StandardCharsets.UTF_8));
        return new Page(page.subList(0, n), next);
    }
}
