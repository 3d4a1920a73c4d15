package dev.deckhand.mail;

import dev.deckhand.events.PublishedEventListener;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

/**
 * Turns two live events on a user's topic into mail jobs ({@link SendMailJob}), so the code that
 * finishes runs and retires accounts needs no mail code of its own:
 * <ul>
 *   <li>{@code final} with a {@code job_id} (a plan run finished; published once per run by
 *       PlanRunner and InterruptedRunReaper): "your run finished/failed", sent only if the user
 *       opted in (checked when the mail is sent);</li>
 *   <li>{@code reconnect} (CredentialSweeper retired an unused account, or a run or preflight hit
 *       a refused refresh): "please reconnect your account", always.</li>
 * </ul>
 * Only enqueues (one Redis call): sending happens on the short queue. Does nothing when mail is
 * disabled. A failed enqueue is logged and the mail is lost, like the live event would be.
 */
@Singleton
public class MailNotifications implements PublishedEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(MailNotifications.class);
    private static final String USER_TOPIC = "user:";

    private final MailSettings settings;
    private final BeanProvider<JobEnqueuer> enqueuer;

    public MailNotifications(MailSettings settings, BeanProvider<JobEnqueuer> enqueuer) {
        this.settings = settings;
        this.enqueuer = enqueuer;
    }

    @Override
    public void published(String topic, String type, Map<String, ?> payload) {
        if (!settings.enabled() || !topic.startsWith(USER_TOPIC)) {
            return;
        }
        EnqueueRequest request = switch (type) {
            case "final" -> payload.get("job_id") == null ? null
                    : SendMailJob.runFinished(UUID.fromString(payload.get("job_id").toString()));
            case "reconnect" -> reconnect(UUID.fromString(topic.substring(USER_TOPIC.length())), payload);
            default -> null;
        };
        if (request == null) {
            return;
        }
        try {
            enqueuer.get().enqueue(request);
        } catch (RuntimeException e) {
            LOG.warn("could not queue the {} mail: {}", request.args().get("kind"), e.getClass().getSimpleName());
        }
    }

    private static EnqueueRequest reconnect(UUID userId, Map<String, ?> payload) {
        Object account = payload.get("account_id");
        if (account != null) {
            String reason = ReconnectReasons.UNUSED.equals(payload.get("reason")) ? ReconnectReasons.UNUSED
                    : ReconnectReasons.REFRESH_FAILED;
            return SendMailJob.reconnect(userId, UUID.fromString(account.toString()), reason, "account:" + account);
        }
        Object occasion = payload.get("job_id") != null ? "job:" + payload.get("job_id")
                : payload.get("preflight_id") != null ? "preflight:" + payload.get("preflight_id") : null;
        return occasion == null ? null
                : SendMailJob.reconnect(userId, null, ReconnectReasons.REFRESH_FAILED, occasion.toString());
    }
}
