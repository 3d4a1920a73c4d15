package dev.deckhand.credentials;

import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.DeclaredJobHandler;
import dev.deckhand.jobqueue.JobType;
import dev.deckhand.jobqueue.Queues;
import dev.deckhand.jobqueue.RetryPolicy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;

/**
 * {@code credentials.reencrypt} (queue short, on demand: enqueue {@link #request()} after deploying
 * {@code DB_ENCRYPTION_KEY=<new>,<old>}): {@link CredentialRotation#reencryptAll} once. Unique
 * while pending or running; idempotent, so a retry or a second request only finishes the work.
 * Its progress event carries the counts; the old key can be dropped when {@code unreadable} is 0.
 */
@Singleton
@Named(CredentialReencryptJob.NAME)
public class CredentialReencryptJob implements DeclaredJobHandler {

    public static final String NAME = "credentials.reencrypt";
    public static final JobType TYPE = new JobType(NAME, Queues.SHORT, Duration.ofMinutes(30),
            new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(5)));

    private final CredentialRotation rotation;

    public CredentialReencryptJob(CredentialRotation rotation) {
        this.rotation = rotation;
    }

    public static EnqueueRequest request() {
        return TYPE.request(Map.of()).unique(NAME);
    }

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public void perform(JobContext context) {
        RotationResult r = rotation.reencryptAll(context::cancelRequested);
        context.publishProgress(Map.of("rewritten", r.rewritten(), "current", r.current(),
                "unreadable", r.unreadable()));
    }
}
