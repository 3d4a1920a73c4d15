package dev.deckhand.runs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The start of a step that is about to be sent, in ONE statement per step (issue 17 item 3): the
 * fenced in-flight mark of V41 ({@code step_runner}, {@code step_deadline}, and the heartbeat) is
 * set only while the row is started, still this attempt's ({@code runner}) and, for jobs, not
 * asked to cancel; a job's started lines are inserted only if the mark was set; and the run's
 * {@link RunGate} as it was read by the same statement comes back with them (so the step loop
 * needs no separate gate read, and knows why a step it may not send must not be sent). It replaces
 * three round trips (gate read, mark, started line). A single statement is atomic on its own: it
 * runs on a connection without a transaction around it, as {@link RunLogs#recordStepAs}.
 */
@Singleton
public class StepStarts {

    /**
     * What a step's start found: {@code marked} when the step is marked in flight for this
     * attempt (it may be sent; nothing was written otherwise); the gate as the statement read it
     * (before the mark; null when the row is gone); the started lines as stored (none unless
     * marked, and none for a run without a log).
     */
    public record Start(boolean marked, @Nullable RunGate gate, List<RunLogs.Line> lines) {
    }

    private static final String MARK = "SET step_runner = ?, step_deadline = ?, heartbeat_at = ? "
            + "WHERE id = ? AND runner = ? AND status = 'started'";

    private static final String JOB = "WITH m AS (UPDATE jobs " + MARK + " AND NOT cancel_requested RETURNING id), "
            + "l AS (INSERT INTO job_log_lines (job_id, line) SELECT m.id, l.line FROM m, "
            + "unnest(CAST(? AS text[])) WITH ORDINALITY AS l(line, n) ORDER BY l.n RETURNING seq, line, at) "
            + "SELECT (SELECT count(*) FROM m) AS marked, " + JobRepository.GATE_COLUMNS + ", l.seq, l.line, l.at "
            + "FROM (SELECT 1) one LEFT JOIN jobs r ON r.id = ? LEFT JOIN l ON true ORDER BY l.seq";

    private static final String PREFLIGHT = "WITH m AS (UPDATE preflights " + MARK + " RETURNING id) "
            + "SELECT (SELECT count(*) FROM m) AS marked, " + PreflightRepository.GATE_COLUMNS
            + ", NULL, NULL, NULL FROM (SELECT 1) one LEFT JOIN preflights r ON r.id = ?";

    private final JdbcOperations jdbc;

    public StepStarts(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A job's step: the mark, the gate, and the pending {@code lines} (the started line) appended in order. */
    @Connectable
    public Start job(UUID id, String runner, Instant deadline, Instant now, List<String> lines) {
        return jdbc.prepareStatement(JOB, ps -> {
            int i = mark(ps, id, runner, deadline, now);
            ps.setArray(i++, ps.getConnection().createArrayOf("text", lines.toArray()));
            ps.setObject(i, id);
            try (var rs = ps.executeQuery()) {
                return start(rs);
            }
        });
    }

    /** A preflight's step: the mark and the gate (a preflight keeps no log, has no cancel flag). */
    @Connectable
    public Start preflight(UUID id, String runner, Instant deadline, Instant now) {
        return jdbc.prepareStatement(PREFLIGHT, ps -> {
            ps.setObject(mark(ps, id, runner, deadline, now), id);
            try (var rs = ps.executeQuery()) {
                return start(rs);
            }
        });
    }

    /** Binds the mark's parameters; the next parameter's index. */
    private static int mark(java.sql.PreparedStatement ps, UUID id, String runner, Instant deadline, Instant now)
            throws SQLException {
        ps.setString(1, runner);
        ps.setObject(2, deadline.atOffset(ZoneOffset.UTC));
        ps.setObject(3, now.atOffset(ZoneOffset.UTC));
        ps.setObject(4, id);
        ps.setString(5, runner);
        return 6;
    }

    /** Columns: marked, the gate's six, then seq, line, at of each stored line (one row with nulls when none). */
    private static Start start(ResultSet rs) throws SQLException {
        boolean marked = false;
        RunGate gate = null;
        List<RunLogs.Line> lines = new ArrayList<>();
        while (rs.next()) {
            marked = rs.getLong(1) == 1;
            String status = rs.getString(2);
            if (status != null) {
                OffsetDateTime deadline = rs.getObject(7, OffsetDateTime.class);
                gate = new RunGate(status, rs.getString(3), rs.getBoolean(4), rs.getBoolean(5), rs.getString(6),
                        deadline == null ? null : deadline.toInstant());
            }
            if (rs.getObject(8) != null) {
                lines.add(new RunLogs.Line(rs.getLong(8), rs.getString(9), rs.getTimestamp(10).toInstant()));
            }
        }
        return new Start(marked, gate, lines);
    }
}
