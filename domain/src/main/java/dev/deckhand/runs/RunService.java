package dev.deckhand.runs;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.accounts.User;
import dev.deckhand.audit.AuditLog;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.credentials.ReconnectRequiredException;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.QueueUnavailableException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Starting, viewing, canceling and retrying preflights and jobs for a user. Queue payloads carry
 * ids only; the database row is created first so a worker always finds it, and records the id of
 * its queue job (the dispatcher and the reaper ask the queue about it). Only plans of listed
 * versions can be started (an unlisted version's plan is "not found", whoever knows its id).
 * Viewing and canceling take a {@link Viewer}: other users' runs only with admin powers, which the
 * web tier grants only to admins on an admin network; a bare {@link User} means "own runs only".
 */
@Singleton
public class RunService {

    static final int RETRY_AFTER_SECONDS = 30;
    private final PlanRepository plans;
    private final ProductVersionRepository versions;
    private final StepRepository steps;
    private final PreflightRepository preflights;
    private final JobRepository jobs;
    private final ConnectedAccountRepository accounts;
    private final JobEnqueuer enqueuer;
    private final EventPublisher events;
    private final StepResults results;
    private final JsonMapper json;
    private final AuditLog audit;
    private final RunLogs logs;
    private final JobStatusReads statusReads;
    private final Clock clock;
    private final long maxQueueLength;

    public RunService(PlanRepository plans, ProductVersionRepository versions, StepRepository steps, PreflightRepository preflights, JobRepository jobs,
                      ConnectedAccountRepository accounts, JobEnqueuer enqueuer, EventPublisher events,
                      StepResults results, JsonMapper json, AuditLog audit, RunLogs logs, JobStatusReads statusReads,
                      Clock clock, ResolvedSettings settings) {
        this.logs = logs;
        this.statusReads = statusReads;
        this.plans = plans;
        this.versions = versions;
        this.steps = steps;
        this.preflights = preflights;
        this.jobs = jobs;
        this.accounts = accounts;
        this.enqueuer = enqueuer;
        this.events = events;
        this.results = results;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
        this.maxQueueLength = settings.value(SettingsCatalog.MAX_QUEUE_LENGTH);
    }

    public Preflight startPreflight(User user, UUID planId) {
        Plan plan = runnablePlan(planId);
        ConnectedAccount account = activeAccount(user);
        checkBackPressure(PreflightRunner.TYPE.queue());
        Preflight p = preflights.save(new Preflight(null, plan.id(), user.id(), account.id(), RunStatus.STARTED, "{}",
                null, clock.instant(), null, null));
        String queueJob = enqueue(PreflightRunner.request(p.id()), () -> preflights.finish(p.id(), RunStatus.FAILED,
                "could not be queued", clock.instant(), null));
        preflights.markEnqueued(p.id(), queueJob, clock.instant());
        return p;
    }

    /**
     * @param selected the optional steps chosen to run; null means every step (required and
     *                 optional), an empty list only the required ones. Required steps always run.
     */
    public Job startJob(User user, UUID planId, List<UUID> selected) {
        Plan plan = runnablePlan(planId);
        List<Step> planSteps = steps.findByPlanIdOrderByStepOrder(plan.id());
        Set<UUID> wanted = new HashSet<>(selected == null ? List.of() : selected);
        Set<UUID> known = new HashSet<>(planSteps.stream().map(Step::id).toList());
        if (!known.containsAll(wanted)) {
            throw new RunNotAllowedException("selected steps are not part of this plan");
        }
        List<String> run = planSteps.stream().sorted(Comparator.comparingInt(Step::stepOrder))
                .filter(s -> selected == null || wanted.contains(s.id()) || s.isRequired())
                .map(s -> s.id().toString()).toList();
        UUID preflightId = null;
        if (plan.preflightRequired()) {
            Preflight p = preflights.findFirstByUserIdAndPlanIdOrderByCreatedAtDesc(user.id(), plan.id())
                    .orElseThrow(() -> new RunNotAllowedException("run a preflight first"));
            Instant now = clock.instant();
            if (!RunStatus.COMPLETE.equals(p.status()) || p.expiresAt() == null || !now.isBefore(p.expiresAt())) {
                throw new RunNotAllowedException("the preflight has not completed or has expired: run it again");
            }
            if (results.anyError(p.results())) {
                throw new RunNotAllowedException("the preflight reported errors");
            }
            preflightId = p.id();
        }
        ConnectedAccount account = activeAccount(user);
        checkBackPressure(PlanRunner.TYPE.queue());
        String selectedJson;
        try {
            selectedJson = json.writeValueAsString(run);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Job job = jobs.save(new Job(null, plan.id(), user.id(), account.id(), preflightId, RunStatus.STARTED,
                selectedJson, "{}", false, null, clock.instant(), null));
        String queueJob = enqueue(PlanRunner.request(job.id()),
                () -> jobs.finish(job.id(), RunStatus.FAILED, "could not be queued", clock.instant()));
        jobs.markEnqueued(job.id(), queueJob, clock.instant());
        return job;
    }

    /**
     * Retries a failed job from the step that failed, for its owner: the results of the steps
     * before it are kept (they are not run again), the failed step's result is dropped, and the
     * job starts its next attempt (same id) on the user's connected account. The attempt is
     * recorded in the job's log and the audit trail. A job that is not failed, or a second retry
     * racing this one, is refused with {@link RunNotAllowedException}.
     */
    public Job retry(User user, UUID jobId) {
        Job job = jobs.findById(jobId).filter(j -> j.userId().equals(user.id()))
                .orElseThrow(() -> new NotFoundException("job"));
        if (!RunStatus.FAILED.equals(job.status())) {
            throw new RunNotAllowedException("only a failed job can be retried");
        }
        ConnectedAccount account = activeAccount(user);
        checkBackPressure(PlanRunner.TYPE.queue());
        List<String> selected;
        try {
            selected = json.readValue(job.selectedSteps(), io.micronaut.core.type.Argument.listOf(String.class));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Map<String, Object>> kept = results.withoutErrors(job.results());
        String from = selected.stream().filter(id -> !kept.containsKey(id)).findFirst().orElse(null);
        Instant now = clock.instant();
        if (jobs.restart(job.id(), results.write(kept), account.id(), now) != 1) {
            throw new RunNotAllowedException("only a failed job can be retried");
        }
        int attempt = jobs.findAttemptById(job.id()).orElse(0);
        String where = from == null ? "after its last step" : steps.findById(UUID.fromString(from))
                .map(s -> "at step " + s.stepOrder() + " (" + s.name() + ")").orElse("at step " + from);
        logs.append(job.id(), now + " retry (attempt " + attempt + ") requested by the owner: resuming " + where + "\n");
        audit.record(user.id(), "job.retry", "job", job.id().toString(), Map.of("attempt", attempt,
                "from_step", from == null ? "" : from, "previous_error", job.error() == null ? "" : job.error()));
        // As restarted, before a worker can move it on.
        Job restarted = jobs.findById(job.id()).orElseThrow(() -> new NotFoundException("job"));
        String queueJob = enqueue(PlanRunner.request(job.id()),
                () -> jobs.finish(job.id(), RunStatus.FAILED, job.error(), clock.instant()));
        jobs.markEnqueued(job.id(), queueJob, clock.instant());
        events.publish(EventPublisher.jobTopic(job.id()), "retry", Map.of("job_id", job.id().toString(),
                "attempt", Integer.toString(attempt)));
        return restarted;
    }

    /** Requests cancellation; it takes effect before the next step. False when the job already finished. */
    public boolean cancel(Viewer viewer, UUID jobId) {
        Job job = job(viewer, jobId);
        boolean requested = jobs.requestCancel(job.id()) == 1;
        if (requested) {
            events.publish(EventPublisher.jobTopic(job.id()), "cancel_requested", Map.of("job_id", job.id().toString()));
        }
        return requested;
    }

    /** {@link #cancel(Viewer, UUID)} of the user's own job. */
    public boolean cancel(User owner, UUID jobId) {
        return cancel(Viewer.owner(owner), jobId);
    }

    public Job job(Viewer viewer, UUID jobId) {
        return jobs.findById(jobId).filter(j -> viewer.maySee(j.userId())).orElseThrow(() -> new NotFoundException("job"));
    }

    /** {@link #job(Viewer, UUID)} of the user's own job. */
    public Job job(User owner, UUID jobId) {
        return job(Viewer.owner(owner), jobId);
    }

    /** A job as its status is shown: the row and its whole log as text (see {@link RunLogs}). */
    public record JobWithLog(Job job, String log) {
    }

    /**
     * {@link #job(Viewer, UUID)} with its whole log: the job row and the first page of its log in
     * one statement ({@link JobStatusReads}), the viewer checked on the row; later pages (a log
     * longer than {@link RunLogs#MAX_PAGE} lines) are read after it. A status poll costs one read.
     */
    public JobWithLog jobWithLog(Viewer viewer, UUID jobId) {
        JobStatusReads.JobAndFirstLogPage read = statusReads.read(jobId).filter(r -> viewer.maySee(r.job().userId()))
                .orElseThrow(() -> new NotFoundException("job"));
        String log = read.logMayContinue() ? read.logText() + logs.textAfter(jobId, read.logLast()) : read.logText();
        return new JobWithLog(read.job(), log);
    }

    /** The job's whole log as text, for a viewer who may see the job (see {@link RunLogs}). */
    public String log(Viewer viewer, UUID jobId) {
        return logs.text(job(viewer, jobId).id());
    }

    /** {@link #log(Viewer, UUID)} of the user's own job. */
    public String log(User owner, UUID jobId) {
        return log(Viewer.owner(owner), jobId);
    }

    /** A page of the job's log lines after the cursor, for a viewer who may see the job. */
    public RunLogs.Page logPage(Viewer viewer, UUID jobId, long after, int limit) {
        return logs.page(job(viewer, jobId).id(), after, limit);
    }

    public Preflight preflight(Viewer viewer, UUID preflightId) {
        return preflights.findById(preflightId).filter(p -> viewer.maySee(p.userId()))
                .orElseThrow(() -> new NotFoundException("preflight"));
    }

    /** {@link #preflight(Viewer, UUID)} of the user's own preflight. */
    public Preflight preflight(User owner, UUID preflightId) {
        return preflight(Viewer.owner(owner), preflightId);
    }

    /** A plan users may start: it exists and its version is listed. */
    private Plan runnablePlan(UUID planId) {
        return plans.findById(planId)
                .filter(p -> versions.findById(p.versionId()).map(ProductVersion::isListed).orElse(false))
                .orElseThrow(() -> new NotFoundException("plan"));
    }

    private ConnectedAccount activeAccount(User user) {
        return accounts.findByUserId(user.id()).stream().filter(ConnectedAccount::active)
                .max(Comparator.comparing(ConnectedAccount::lastUsedAt))
                .orElseThrow(() -> new ReconnectRequiredException("connect an account first"));
    }

    private void checkBackPressure(String queue) {
        if (enqueuer.depth(queue) > maxQueueLength) {
            throw new QueueFullException(queue, RETRY_AFTER_SECONDS);
        }
    }

    private String enqueue(EnqueueRequest request, Runnable onFailure) {
        try {
            return enqueuer.enqueue(request);
        } catch (QueueUnavailableException e) {
            onFailure.run();
            throw e;
        }
    }
}
