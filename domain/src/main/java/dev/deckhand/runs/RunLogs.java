package dev.deckhand.runs;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A job's log, stored append-only in {@code job_log_lines}: one INSERT per line, never an UPDATE
 * of the job row (a growing text column was rewritten whole on every line). Lines are read in
 * pages by their {@code seq} (the cursor of {@code GET /api/jobs/{id}/log?after=}); the whole text
 * only for a finished job's stored copy and for callers that ask for it. Access checks are the
 * caller's ({@link RunService#job} before reading).
 */
@Singleton
public class RunLogs {

    /** The largest page {@link #page} returns. */
    public static final int MAX_PAGE = 1000;

    /** One stored line (with its trailing newline), its cursor and when it was written. */
    public record Line(long seq, String text, Instant at) {
    }

    /** A page of lines and the cursor to ask for the next one (the last seq, or the given one). */
    public record Page(List<Line> lines, long next) {
    }

    private final JdbcOperations jdbc;

    public RunLogs(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends a line for the attempt that holds the started job ({@code runner}); empty when the
     * row is no longer this attempt's (nothing is written), else the line's seq.
     */
    @Transactional
    public OptionalLong appendAs(UUID jobId, String runner, String line) {
        return jdbc.prepareStatement("INSERT INTO job_log_lines (job_id, line) SELECT id, ? FROM jobs "
                + "WHERE id = ? AND runner = ? AND status = 'started' RETURNING seq", ps -> {
            ps.setString(1, line);
            ps.setObject(2, jobId);
            ps.setString(3, runner);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    /** Appends a line whatever the job's state (retry, dispatcher notes); empty when the job is gone. */
    @Transactional
    public OptionalLong append(UUID jobId, String line) {
        return jdbc.prepareStatement("INSERT INTO job_log_lines (job_id, line) SELECT id, ? FROM jobs "
                + "WHERE id = ? RETURNING seq", ps -> {
            ps.setString(1, line);
            ps.setObject(2, jobId);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        });
    }

    /**
     * Lines after the cursor {@code after} (0: from the start), at most {@code limit} (capped at
     * MAX_PAGE). One SELECT on a borrowed connection in autocommit, not a transaction: a single
     * read needs none, and a transaction cost a COMMIT round trip on every status poll.
     */
    @Connectable
    public Page page(UUID jobId, long after, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_PAGE));
        List<Line> lines = jdbc.prepareStatement("SELECT seq, line, at FROM job_log_lines WHERE job_id = ? "
                + "AND seq > ? ORDER BY seq LIMIT ?", ps -> {
            ps.setObject(1, jobId);
            ps.setLong(2, after);
            ps.setInt(3, n);
            List<Line> out = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Line(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        });
        return new Page(lines, lines.isEmpty() ? after : lines.get(lines.size() - 1).seq());
    }

    /** The whole log as text, in order. */
    public String text(UUID jobId) {
        StringBuilder out = new StringBuilder();
        long after = 0;
        while (true) {
            Page p = page(jobId, after, MAX_PAGE);
            p.lines().forEach(l -> out.append(l.text()));
            if (p.lines().size() < MAX_PAGE) {
                return out.toString();
            }
            after = p.next();
        }
    }
}
