package dev.deckhand.runs;

import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.credentials.ReconnectRequiredException;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.RetryPolicy;
import dev.deckhand.steps.StepKind;
import dev.deckhand.steps.StepKinds;
import dev.deckhand.steps.StepOutcome;
import dev.deckhand.steps.StepStatus;
import dev.deckhand.storage.Storage;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code plan.run} (queue default): runs the job's selected steps in order, recording each
 * result and log line. Cancellation (API flag or worker shutdown) is honoured before every step.
 * An error outcome fails the job and stops it. Redelivery resumes after the last recorded step
 * (each step kind must tolerate running twice). At the end the log is also written to private
 * storage as {@code jobs/<id>/log.txt}.
 */
@Singleton
@Named(PlanRunner.NAME)
public class PlanRunner implements JobHandler {

    public static final String NAME = "plan.run";
    public static final String QUEUE = "default";
    private static final Logger LOG = LoggerFactory.getLogger(PlanRunner.class);

    private final JobRepository jobs;
    private final StepRepository steps;
    private final StepKinds kinds;
    private final StepRunFactory runs;
    private final StepResults results;
    private final EventPublisher events;
    private final Storage storage;
    private final JsonMapper json;
    private final Clock clock;

    public PlanRunner(JobRepository jobs, StepRepository steps, StepKinds kinds, StepRunFactory runs,
                      StepResults results, EventPublisher events, Storage storage, JsonMapper json, Clock clock) {
        this.jobs = jobs;
        this.steps = steps;
        this.kinds = kinds;
        this.runs = runs;
        this.results = results;
        this.events = events;
        this.storage = storage;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The queue job that runs a job row. Unique per row while pending or running, so the
     * {@link UnqueuedRunDispatcher} can re-enqueue a row whose enqueue was not confirmed without
     * ever running it twice at once.
     */
    public static EnqueueRequest request(UUID jobId) {
        return EnqueueRequest.of(NAME, Map.of("job_id", jobId.toString())).onQueue(QUEUE).unique(NAME + ":" + jobId);
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
        return Duration.ofHours(1);
    }

    @Override
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofMinutes(1));
    }

    @Override
    public void perform(JobContext context) throws Exception {
        UUID id = UUID.fromString(context.args().get("job_id"));
        Job job = jobs.findById(id).orElse(null);
        if (job == null || !RunStatus.STARTED.equals(job.status())) {
            return;
        }
        String topic = EventPublisher.jobTopic(id);
        Map<String, Step> byId = steps.findByPlanIdOrderByStepOrder(job.planId()).stream()
                .collect(Collectors.toMap(s -> s.id().toString(), Function.identity()));
        List<String> selected = json.readValue(job.selectedSteps(), Argument.listOf(String.class));
        var done = results.parse(job.results());
        Map<String, String> vars = Map.of("job_id", id.toString(), "user_id", job.userId().toString(),
                "plan_id", job.planId().toString());
        RunAccessToken token = runs.accessToken(job.accountId());
        try {
            for (String stepId : selected) {
                if (done.containsKey(stepId)) {
                    continue;
                }
                RunGate gate = jobs.findGateById(id).orElse(new RunGate(true, false));
                if (context.cancelRequested() || gate.cancelRequested()) {
                    log(id, "canceled before step " + stepId);
                    finish(job, RunStatus.CANCELED, null);
                    return;
                }
                if (!gate.accountActive()) {
                    token.forget();
                }
                StepOutcome outcome = runStep(context, job, byId.get(stepId), stepId, token, vars);
                jobs.mergeResult(id, results.patch(stepId, outcome));
                log(id, "step " + stepId + ": " + outcome.status().wire() + " - " + outcome.message());
                events.publish(topic, "step", Map.of("job_id", id.toString(), "step_id", stepId,
                        "status", outcome.status().wire(), "message", outcome.message()));
                if (outcome.status() == StepStatus.ERROR) {
                    finish(job, RunStatus.FAILED, outcome.message());
                    return;
                }
            }
        } finally {
            token.release();
        }
        finish(job, RunStatus.COMPLETE, null);
    }

    private StepOutcome runStep(JobContext context, Job job, Step step, String stepId, RunAccessToken token,
                                Map<String, String> vars) throws InterruptedException {
        if (step == null) {
            return StepOutcome.skip("step no longer exists");
        }
        UUID id = job.id();
        log(id, "step " + step.stepOrder() + " " + step.name() + ": started");
        events.publish(EventPublisher.jobTopic(id), "step", Map.of("job_id", id.toString(), "step_id", stepId,
                "status", "started"));
        try {
            StepKind kind = kinds.find(step.kind()).orElse(null);
            return kind == null ? StepOutcome.error("unknown step kind " + step.kind())
                    : kind.execute(runs.create(step, token, vars, line -> log(id, line), () -> context.cancelRequested()
                    || jobs.findGateById(id).map(RunGate::cancelRequested).orElse(true)));
        } catch (ReconnectRequiredException e) {
            events.publish(EventPublisher.userTopic(job.userId()), "reconnect", Map.of("job_id", id.toString()));
            return StepOutcome.error("reconnect your account");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (Exception e) {
            LOG.warn("job {} step {} failed: {}", id, stepId, e.getClass().getSimpleName());
            return StepOutcome.error("step failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void log(UUID jobId, String line) {
        String stamped = clock.instant() + " " + line + "\n";
        jobs.appendLog(jobId, stamped);
        events.publish(EventPublisher.jobTopic(jobId), "log", Map.of("job_id", jobId.toString(), "line", stamped));
    }

    private void finish(Job job, String status, String error) {
        if (jobs.finish(job.id(), status, error, clock.instant()) == 1) {
            LOG.info("job {} of plan {} finished: {}", job.id(), job.planId(), status);
            events.publish(EventPublisher.jobTopic(job.id()), "final", Map.of("job_id", job.id().toString(),
                    "status", status));
            events.publish(EventPublisher.userTopic(job.userId()), "final", Map.of("job_id", job.id().toString(),
                    "status", status));
        }
        jobs.findById(job.id()).ifPresent(j -> {
            try {
                storage.putPrivate("jobs/" + j.id() + "/log.txt", j.log().getBytes(StandardCharsets.UTF_8), "text/plain");
            } catch (Exception e) {
                LOG.warn("could not store the log of job {}: {}", j.id(), e.getClass().getSimpleName());
            }
        });
    }
}
