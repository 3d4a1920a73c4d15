package dev.deckhand.mail;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.DeclaredJobHandler;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.JobType;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code mail.dead-set-check} (queue short, every 5 minutes from the scheduler's built-in
 * {@code mail-dead-set-check}): reads the dead-set size through the job queue's admin API and
 * compares it with the size at the last alert ({@code operator_alerts}, row {@code dead-set};
 * none yet counts as 0). When it grew, and the last alert is at least {@link #MIN_INTERVAL} old,
 * OPERATOR_EMAIL gets a {@code mail.send} alert and the new size is recorded. When it shrank
 * (jobs retried or discarded) the lower size becomes the baseline, silently. Nothing happens when
 * mail is disabled or OPERATOR_EMAIL is empty. The check holds the row lock ({@code FOR UPDATE})
 * while it decides, so replicas running it at once alert once (and the mail job's unique key, per
 * dead-set size, covers a retried check).
 */
@Singleton
@Named(DeadSetAlertCheck.NAME)
public class DeadSetAlertCheck implements DeclaredJobHandler {

    public static final String NAME = "mail.dead-set-check";
    /** No retries: the next check is five minutes away. */
    public static final JobType TYPE = JobType.periodic(NAME);
    static final Duration MIN_INTERVAL = Duration.ofMinutes(60);
    static final String ALERT = "dead-set";
    private static final Logger LOG = LoggerFactory.getLogger(DeadSetAlertCheck.class);

    private final MailSettings settings;
    private final JobQueueAdmin queues;
    private final JobEnqueuer enqueuer;
    private final JdbcOperations jdbc;
    private final Clock clock;

    public DeadSetAlertCheck(MailSettings settings, JobQueueAdmin queues, JobEnqueuer enqueuer, JdbcOperations jdbc,
                             Clock clock) {
        this.settings = settings;
        this.queues = queues;
        this.enqueuer = enqueuer;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    @Transactional
    public void perform(JobContext context) {
        if (!settings.enabled() || settings.operators().isEmpty()) {
            return;
        }
        long dead = queues.deadCount();
        Instant now = clock.instant();
        jdbc.prepareStatement("INSERT INTO operator_alerts (name, last_value) VALUES (?, 0) ON CONFLICT DO NOTHING",
                ps -> {
                    ps.setString(1, ALERT);
                    return ps.executeUpdate();
                });
        long last = jdbc.prepareStatement("SELECT last_value, alerted_at FROM operator_alerts WHERE name = ? FOR UPDATE",
                ps -> {
                    ps.setString(1, ALERT);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        Timestamp at = rs.getTimestamp(2);
                        boolean quiet = at != null && at.toInstant().plus(MIN_INTERVAL).isAfter(now);
                        return quiet && rs.getLong(1) < dead ? -1 : rs.getLong(1);
                    }
                });
        if (last < 0) {
            LOG.info("dead set grew to {}; the last alert was under {} minutes ago", dead, MIN_INTERVAL.toMinutes());
        } else if (dead < last) {
            record(dead, null);
        } else if (dead > last) {
            enqueuer.enqueue(SendMailJob.deadSetGrowth(last, dead));
            record(dead, now);
            LOG.warn("dead set grew from {} to {} jobs: operators alerted", last, dead);
        }
    }

    private void record(long value, Instant alertedAt) {
        jdbc.prepareStatement("UPDATE operator_alerts SET last_value = ?, alerted_at = COALESCE(?, alerted_at) "
                + "WHERE name = ?", ps -> {
                    ps.setLong(1, value);
                    ps.setTimestamp(2, alertedAt == null ? null : Timestamp.from(alertedAt));
                    ps.setString(3, ALERT);
                    return ps.executeUpdate();
                });
    }
}
