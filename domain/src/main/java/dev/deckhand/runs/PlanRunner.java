package dev.deckhand.runs;

import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.DeclaredJobHandler;
import dev.deckhand.jobqueue.JobType;
import dev.deckhand.jobqueue.Queues;
import dev.deckhand.jobqueue.RetryPolicy;
import dev.deckhand.steps.StepKind;
import dev.deckhand.steps.StepOutcome;
import dev.deckhand.steps.StepRun;
import dev.deckhand.storage.Storage;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code plan.run} (queue default): runs the job's selected steps in order through the
 * {@link StepLoop}, recording each result and log line; the first error fails the job. Only the
 * owner's cancel ends it {@code canceled}; a worker shutdown, a lost lease or a timeout hands it
 * back and the next attempt resumes after the last recorded step (so each step kind must
 * tolerate running twice: {@code http} steps send an Idempotency-Key). When the job finishes its
 * log is also written to private storage as {@code jobs/<id>/log.txt}.
 */
@Singleton
@Named(PlanRunner.NAME)
public class PlanRunner implements DeclaredJobHandler {

    public static final String NAME = "plan.run";
    public static final JobType TYPE = new JobType(NAME, Queues.DEFAULT, Duration.ofHours(1),
            new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofMinutes(1)));
    private static final Logger LOG = LoggerFactory.getLogger(PlanRunner.class);

    private final JobRepository jobs;
    private final StepRepository steps;
    private final StepLoop loop;
    private final Storage storage;
    private final JsonMapper json;
    private final RunLogs logs;
    private final StepStarts starts;
    private final RunKind kind;

    public PlanRunner(JobRepository jobs, StepRepository steps, StepLoop loop, Storage storage, JsonMapper json,
                      RunLogs logs, StepStarts starts) {
        this.logs = logs;
        this.starts = starts;
        this.jobs = jobs;
        this.steps = steps;
        this.loop = loop;
        this.storage = storage;
        this.json = json;
        this.kind = new Kind();
    }

    /**
     * The queue job that runs a job row. Unique per row while pending or running, so the
     * {@link UnqueuedRunDispatcher} can enqueue a row again without ever running it twice at once.
     */
    public static EnqueueRequest request(UUID jobId) {
        return TYPE.uniqueRequest(Map.of("job_id", jobId.toString()), jobId.toString());
    }

    /** Where a finished job's log is stored (private storage): the download the run page links to. */
    public static String logKey(UUID jobId) {
        return "jobs/" + jobId + "/log.txt";
    }

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public void perform(JobContext context) throws Exception {
        UUID id = UUID.fromString(context.args().get("job_id"));
        Job job = jobs.findById(id).orElse(null);
        if (job == null || !RunStatus.STARTED.equals(job.status())) {
            return;
        }
        List<String> selected = json.readValue(job.selectedSteps(), Argument.listOf(String.class));
        loop.run(context, kind, new StepLoop.Subject(id, job.userId(), job.planId(), job.accountId(), selected,
                StepLoop.byId(steps.findByPlanIdOrderByStepOrder(job.planId())), job.results()));
    }

    /** Jobs: execute, stop at the first error, keep a log. */
    private final class Kind extends TableRunKind {

        Kind() {
            super(jobs, "job", "job_id", EventPublisher::jobTopic, true);
        }

        @Override
        public StepOutcome call(StepKind kind, StepRun run) throws Exception {
            return kind.execute(run);
        }

        @Override
        public void finished(UUID id) {
            try { // the row exists: this attempt has just finished it
                storage.putPrivate(logKey(id), logs.text(id).getBytes(StandardCharsets.UTF_8), "text/plain");
            } catch (Exception e) {
                LOG.warn("could not store the log of job {}: {}", id, e.getClass().getSimpleName());
            }
        }

        @Override
        public StepStarts.Start startStep(UUID id, String runner, Instant deadline, Instant now, List<String> lines) {
            return starts.job(id, runner, deadline, now, lines);
        }

        @Override
        public Optional<List<RunLogs.Line>> recordStep(UUID id, String runner, String patch, Instant now,
                                                       List<String> lines) {
            return logs.recordStepAs(id, runner, patch, now, lines);
        }

        @Override
        public List<RunLogs.Line> appendLog(UUID id, String runner, List<String> lines) {
            return logs.appendAs(id, runner, lines);
        }

        @Override
        public boolean finish(UUID id, String runner, String status, String error, Instant now) {
            return jobs.finishAs(id, runner, status, error, now) == 1;
        }
    }
}
