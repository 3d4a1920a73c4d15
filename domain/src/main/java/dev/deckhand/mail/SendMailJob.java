package dev.deckhand.mail;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.DeclaredJobHandler;
import dev.deckhand.jobqueue.JobType;
import dev.deckhand.jobqueue.Queues;
import dev.deckhand.jobqueue.RetryPolicy;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code mail.send} (queue short): renders one mail ({@link MailMessages}) and hands it to the
 * EMAIL_URL server ({@link SmtpMailer}). The only place mail is sent, so a slow or refusing mail
 * server never holds up a web request or a run. Arguments are a kind and ids, never addresses or
 * text. A server that is down or refuses the mail fails the attempt and the queue retries with
 * backoff ({@link #RETRIES}: about 40 minutes in all) before the job goes to the dead set. The
 * unique key keeps one pending mail per event; delivery is at-least-once (a worker killed between
 * the server's OK and the ack sends it again).
 */
@Singleton
@Named(SendMailJob.NAME)
public class SendMailJob implements DeclaredJobHandler {

    public static final String NAME = "mail.send";
    static final RetryPolicy RETRIES = new RetryPolicy(10, Duration.ofSeconds(10), Duration.ofMinutes(10));
    public static final JobType TYPE = new JobType(NAME, Queues.SHORT, Duration.ofMinutes(2), RETRIES);
    private static final Logger LOG = LoggerFactory.getLogger(SendMailJob.class);

    private final MailSettings settings;
    private final MailMessages messages;
    private final SmtpMailer mailer;

    public SendMailJob(MailSettings settings, MailMessages messages, SmtpMailer mailer) {
        this.settings = settings;
        this.messages = messages;
        this.mailer = mailer;
    }

    /** "Your run finished/failed" for a job row (sent only if its user opted in). */
    public static EnqueueRequest runFinished(UUID jobId) {
        return request(RunFinishedMail.KIND, Map.of("job_id", jobId.toString()), "job:" + jobId);
    }

    /** "Please reconnect your account"; {@code occasion} makes the event unique (account, job or preflight id). */
    public static EnqueueRequest reconnect(UUID userId, @Nullable UUID accountId, String reason, String occasion) {
        Map<String, String> args = new HashMap<>(Map.of("user_id", userId.toString(), "reason", reason));
        if (accountId != null) {
            args.put("account_id", accountId.toString());
        }
        return request(ReconnectMail.KIND, args, occasion);
    }

    /** Operator alert: the dead set grew from {@code previous} to {@code dead}. */
    public static EnqueueRequest deadSetGrowth(long previous, long dead) {
        return request(DeadSetGrowthMail.KIND, Map.of("previous", Long.toString(previous),
                "dead", Long.toString(dead)), "dead:" + dead);
    }

    private static EnqueueRequest request(String kind, Map<String, String> args, String occasion) {
        Map<String, String> all = new HashMap<>(args);
        all.put("kind", kind);
        return TYPE.uniqueRequest(all, kind + ":" + occasion);
    }

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public void perform(JobContext context) throws Exception {
        if (!settings.enabled()) {
            return;
        }
        Map<String, String> args = context.args();
        String kind = args.getOrDefault("kind", "");
        Optional<OutgoingMail> mail = switch (kind) {
            case RunFinishedMail.KIND -> messages.runFinished(UUID.fromString(args.get("job_id")));
            case ReconnectMail.KIND -> messages.reconnect(UUID.fromString(args.get("user_id")),
                    args.containsKey("account_id") ? UUID.fromString(args.get("account_id")) : null,
                    args.getOrDefault("reason", ""));
            case DeadSetGrowthMail.KIND -> messages.deadSetGrowth(Long.parseLong(args.get("previous")),
                    Long.parseLong(args.get("dead")), DeadSetAlertCheck.MIN_INTERVAL.toMinutes() + " minutes");
            default -> throw new IllegalArgumentException("unknown mail kind '" + kind + "'");
        };
        if (mail.isEmpty()) {
            LOG.debug("{} mail: nothing to send", kind);
            return;
        }
        mailer.send(mail.get());
        LOG.info("{} mail sent to {} recipient(s) (attempt {})", kind, mail.get().to().size(), context.attempt());
    }
}
