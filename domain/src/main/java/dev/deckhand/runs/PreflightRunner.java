package dev.deckhand.runs;

import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.credentials.ReconnectRequiredException;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.steps.StepKind;
import dev.deckhand.steps.StepKinds;
import dev.deckhand.steps.StepOutcome;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * {@code preflight.run} (queue short): asks every step's kind whether it can run, records
 * ok/warn/error/skip per step, then completes with an expiry of PREFLIGHT_LIFETIME_MINUTES.
 * Redelivery resumes: steps that already have a result are not checked again.
 */
@Singleton
@Named(PreflightRunner.NAME)
public class PreflightRunner implements JobHandler {

    public static final String NAME = "preflight.run";
    public static final String QUEUE = "short";
    private static final Logger LOG = LoggerFactory.getLogger(PreflightRunner.class);

    private final PreflightRepository preflights;
    private final StepRepository steps;
    private final StepKinds kinds;
    private final StepRunFactory runs;
    private final StepResults results;
    private final EventPublisher events;
    private final Clock clock;
    private final Duration lifetime;

    public PreflightRunner(PreflightRepository preflights, StepRepository steps, StepKinds kinds, StepRunFactory runs,
                           StepResults results, EventPublisher events, Clock clock, ResolvedSettings settings) {
        this.preflights = preflights;
        this.steps = steps;
        this.kinds = kinds;
        this.runs = runs;
        this.results = results;
        this.events = events;
        this.clock = clock;
        this.lifetime = Duration.ofMinutes(settings.getInt("PREFLIGHT_LIFETIME_MINUTES", 10));
    }

    /** The queue job that runs a preflight row; unique per row while pending or running (see PlanRunner#request). */
    public static EnqueueRequest request(UUID preflightId) {
        return EnqueueRequest.of(NAME, Map.of("preflight_id", preflightId.toString())).onQueue(QUEUE)
                .unique(NAME + ":" + preflightId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public Duration timeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    public void perform(JobContext context) {
        UUID id = UUID.fromString(context.args().get("preflight_id"));
        Preflight p = preflights.findById(id).orElse(null);
        if (p == null || !RunStatus.STARTED.equals(p.status())) {
            return;
        }
        RunAccessToken token = runs.accessToken(p.accountId());
        try {
            runSteps(context, p, token);
        } finally {
            token.release();
        }
    }

    private void runSteps(JobContext context, Preflight p, RunAccessToken token) {
        UUID id = p.id();
        String topic = EventPublisher.preflightTopic(id);
        var done = results.parse(p.results());
        Map<String, String> vars = Map.of("preflight_id", id.toString(), "user_id", p.userId().toString(),
                "plan_id", p.planId().toString());
        for (Step step : steps.findByPlanIdOrderByStepOrder(p.planId())) {
            if (done.containsKey(step.id().toString())) {
                continue;
            }
            if (context.cancelRequested()) {
                finish(p, RunStatus.CANCELED, "canceled");
                return;
            }
            StepOutcome outcome;
            try {
                StepKind kind = kinds.find(step.kind()).orElse(null);
                outcome = kind == null ? StepOutcome.error("unknown step kind " + step.kind())
                        : kind.preflight(runs.create(step, token, vars, line -> { }, context::cancelRequested));
            } catch (ReconnectRequiredException e) {
                events.publish(EventPublisher.userTopic(p.userId()), "reconnect", Map.of("preflight_id", id.toString()));
                preflights.mergeResult(id, results.patch(step.id(), StepOutcome.error("reconnect your account")));
                finish(p, RunStatus.FAILED, "reconnect required");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("preflight {} step {} failed: {}", id, step.id(), e.getClass().getSimpleName());
                outcome = StepOutcome.error("check failed (" + e.getClass().getSimpleName() + ")");
            }
            preflights.mergeResult(id, results.patch(step.id(), outcome));
            events.publish(topic, "step", Map.of("preflight_id", id.toString(), "step_id", step.id().toString(),
                    "status", outcome.status().wire(), "message", outcome.message()));
        }
        finish(p, RunStatus.COMPLETE, null);
    }

    private void finish(Preflight p, String status, String error) {
        Instant now = clock.instant();
        preflights.finish(p.id(), status, error, now, RunStatus.COMPLETE.equals(status) ? now.plus(lifetime) : null);
        events.publish(EventPublisher.preflightTopic(p.id()), "final", Map.of("preflight_id", p.id().toString(),
                "status", status));
        events.publish(EventPublisher.userTopic(p.userId()), "final", Map.of("preflight_id", p.id().toString(),
                "status", status));
    }
}
