package dev.deckhand.runs;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;

/**
 * A job as its status is shown, in one statement: the job row (the columns of {@link Job}) and the
 * first page of its log ({@link RunLogs#MAX_PAGE} lines, concatenated in order). A status poll is
 * the web's most frequent read; as two statements (the row, then the log page) it cost two round
 * trips and two connection borrows. Autocommit on a borrowed connection: one read needs no
 * transaction. Access checks are the caller's ({@link RunService#jobWithLog}); the statement is
 * mirrored in bench/lib/web-read-path.pgbench (keep the two the same).
 */
@Singleton
public class JobStatusReads {

    /**
     * The job row and its log's first page.
     *
     * @param logText  the first page's lines concatenated ("" when the log is empty)
     * @param logLines how many lines the page holds ({@link RunLogs#MAX_PAGE}: there may be more)
     * @param logLast  the seq of the page's last line (the cursor for the next page), 0 when empty
     */
    public record JobAndFirstLogPage(Job job, String logText, int logLines, long logLast) {

        /** Whether the page may not hold the whole log. */
        public boolean logMayContinue() {
            return logLines >= RunLogs.MAX_PAGE;
        }
    }

    static final String SQL = "SELECT " + JobRepository.COLUMNS + ", l.log_text, l.log_lines, l.log_last FROM jobs j "
            + "CROSS JOIN LATERAL (SELECT string_agg(p.line, '' ORDER BY p.seq) AS log_text, count(*) AS log_lines, "
            + "max(p.seq) AS log_last FROM (SELECT seq, line FROM job_log_lines WHERE job_id = j.id AND seq > 0 "
            + "ORDER BY seq LIMIT " + RunLogs.MAX_PAGE + ") p) l WHERE j.id = ?";

    private final JdbcOperations jdbc;

    public JobStatusReads(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The job and its first log page; empty when there is no such job. */
    @Connectable
    public Optional<JobAndFirstLogPage> read(UUID jobId) {
        return jdbc.prepareStatement(SQL, ps -> {
            ps.setObject(1, jobId);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Job job = jdbc.readEntity(rs, Job.class);
                String text = rs.getString("log_text");
                return Optional.of(new JobAndFirstLogPage(job, text == null ? "" : text, rs.getInt("log_lines"),
                        rs.getLong("log_last")));
            }
        });
    }
}
