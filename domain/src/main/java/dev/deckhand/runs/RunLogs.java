package dev.deckhand.runs;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A job's log, stored append-only in {@code job_log_lines}: INSERTs, never an UPDATE of the job
 * row (a growing text column was rewritten whole on every line). The step loop writes a step's
 * lines in batches: those written before its request in one statement, the rest together with
 * its result in one statement ({@link #recordStepAs}), so a step costs two writes, not four. A
 * single statement is atomic on its own: those run on a connection without a transaction around
 * them (no BEGIN/COMMIT round trip). Lines are read in
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
     * Appends lines, in order, for the attempt that holds the started job ({@code runner}), in one
     * statement; empty when the row is no longer this attempt's (nothing is written), else the
     * stored lines with their seqs.
     */
    @Connectable
    public List<Line> appendAs(UUID jobId, String runner, List<String> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        return jdbc.prepareStatement("INSERT INTO job_log_lines (job_id, line) SELECT j.id, l.line FROM jobs j, "
                + "unnest(CAST(? AS text[])) WITH ORDINALITY AS l(line, n) "
                + "WHERE j.id = ? AND j.runner = ? AND j.status = 'started' ORDER BY l.n RETURNING seq, line, at", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", lines.toArray()));
            ps.setObject(2, jobId);
            ps.setString(3, runner);
            try (var rs = ps.executeQuery()) {
                return lines(rs);
            }
        });
    }

    /**
     * A step's end in one statement, fenced by {@code runner} as {@link #appendAs}: merges
     * {@code patch} into the job's results (and beats, and ends the step in flight), and appends {@code lines} (the step's own
     * lines and its result line) only if that update matched. Empty when the row is no longer this
     * attempt's (nothing is written), else the stored lines.
     */
    @Connectable
    public Optional<List<Line>> recordStepAs(UUID jobId, String runner, String patch, Instant now, List<String> lines) {
        return jdbc.prepareStatement("WITH u AS (UPDATE jobs SET results = results || CAST(? AS jsonb), "
                + "heartbeat_at = ?, step_runner = NULL, step_deadline = NULL WHERE id = ? AND runner = ? AND status = 'started' RETURNING id), "
                + "l AS (INSERT INTO job_log_lines (job_id, line) SELECT u.id, l.line FROM u, "
                + "unnest(CAST(? AS text[])) WITH ORDINALITY AS l(line, n) ORDER BY l.n RETURNING seq, line, at) "
                + "SELECT l.seq, l.line, l.at, (SELECT count(*) FROM u) AS owned FROM (SELECT 1) one "
                + "LEFT JOIN l ON true ORDER BY l.seq", ps -> {
            ps.setString(1, patch);
            ps.setObject(2, now.atOffset(ZoneOffset.UTC));
            ps.setObject(3, jobId);
            ps.setString(4, runner);
            ps.setArray(5, ps.getConnection().createArrayOf("text", lines.toArray()));
            List<Line> out = new ArrayList<>();
            boolean owned = false;
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    owned = rs.getLong(4) == 1;
                    if (rs.getObject(1) != null) {
                        out.add(new Line(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                    }
                }
            }
            return owned ? Optional.of(out) : Optional.empty();
        });
    }

    private static List<Line> lines(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<Line> out = new ArrayList<>();
        while (rs.next()) {
            out.add(new Line(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
        }
        out.sort(java.util.Comparator.comparingLong(Line::seq));
        return out;
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
        return textAfter(jobId, 0);
    }

    /** The log's lines after the cursor {@code after}, as text, in order. */
    public String textAfter(UUID jobId, long after) {
        StringBuilder out = new StringBuilder();
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
