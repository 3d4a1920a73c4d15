package dev.deckhand.runs;

import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.DeclaredJobHandler;
import dev.deckhand.jobqueue.JobType;
import dev.deckhand.jobqueue.Queues;
import dev.deckhand.steps.StepKind;
import dev.deckhand.steps.StepOutcome;
import dev.deckhand.steps.StepRun;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code preflight.run} (queue short): asks every step's kind whether it can run, through the
 * same {@link StepLoop} as jobs, recording ok/warn/error/skip per step and going on after an
 * error, then completes with an expiry of PREFLIGHT_LIFETIME_MINUTES. A new attempt resumes:
 * steps that already have a result are not checked again.
 */
@Singleton
@Named(PreflightRunner.NAME)
public class PreflightRunner implements DeclaredJobHandler {

    public static final String NAME = "preflight.run";
    public static final JobType TYPE = JobType.of(NAME, Queues.SHORT).withTimeout(Duration.ofMinutes(5));

    private final PreflightRepository preflights;
    private final StepRepository steps;
    private final StepLoop loop;
    private final Duration lifetime;
    private final StepStarts starts;
    private final RunKind kind;

    public PreflightRunner(PreflightRepository preflights, StepRepository steps, StepLoop loop,
                           ResolvedSettings settings, StepStarts starts) {
        this.preflights = preflights;
        this.starts = starts;
        this.steps = steps;
        this.loop = loop;
        this.lifetime = Duration.ofMinutes(settings.value(SettingsCatalog.PREFLIGHT_LIFETIME_MINUTES));
        this.kind = new Kind();
    }

    /** The queue job that runs a preflight row; unique per row while pending or running (see PlanRunner#request). */
    public static EnqueueRequest request(UUID preflightId) {
        return TYPE.uniqueRequest(Map.of("preflight_id", preflightId.toString()), preflightId.toString());
    }

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public void perform(JobContext context) {
        UUID id = UUID.fromString(context.args().get("preflight_id"));
        Preflight p = preflights.findById(id).orElse(null);
        if (p == null || !RunStatus.STARTED.equals(p.status())) {
            return;
        }
        List<Step> planSteps = steps.findByPlanIdOrderByStepOrder(p.planId());
        loop.run(context, kind, new StepLoop.Subject(id, p.userId(), p.planId(), p.accountId(),
                planSteps.stream().map(s -> s.id().toString()).toList(), StepLoop.byId(planSteps), p.results()));
    }

    /** Preflights: check, record errors and go on, no log, expire after the lifetime. */
    private final class Kind extends TableRunKind {

        Kind() {
            super(preflights, "preflight", "preflight_id", EventPublisher::preflightTopic, false);
        }

        @Override
        public StepOutcome call(StepKind kind, StepRun run) throws Exception {
            return kind.preflight(run);
        }

        @Override
        public StepStarts.Start startStep(UUID id, String runner, Instant deadline, Instant now, List<String> lines) {
            return starts.preflight(id, runner, deadline, now);
        }

        @Override
        public java.util.Optional<List<RunLogs.Line>> recordStep(UUID id, String runner, String patch, Instant now,
                                                                 List<String> lines) {
            return preflights.mergeResultAs(id, runner, patch, now) == 1 ? java.util.Optional.of(List.of())
                    : java.util.Optional.empty();
        }

        @Override
        public List<RunLogs.Line> appendLog(UUID id, String runner, List<String> lines) {
            return List.of();
        }

        @Override
        public boolean finish(UUID id, String runner, String status, String error, Instant now) {
            return preflights.finishAs(id, runner, status, error, now,
                    RunStatus.COMPLETE.equals(status) ? now.plus(lifetime) : null) == 1;
        }
    }
}
