package dev.deckhand.runs;

import dev.deckhand.catalogue.Step;
import dev.deckhand.credentials.ReconnectRequiredException;
import dev.deckhand.events.EventPublisher;
import dev.deckhand.jobqueue.JobCancelledException;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.steps.StepKind;
import dev.deckhand.steps.StepKinds;
import dev.deckhand.steps.StepOutcome;
import dev.deckhand.steps.StepRun;
import dev.deckhand.steps.StepStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one step loop of jobs and preflights (the {@link RunKind} says what differs). An attempt
 * claims its started row (a runner token and a heartbeat), skips the steps that already have a
 * result (so a new attempt resumes after the last completed step), and starts each step it sends
 * with ONE statement ({@link StepStarts}): the step's in-flight mark, which is written only while
 * the row is this attempt's and not asked to cancel, returns the {@link RunGate} and writes the
 * step's started line, so a step costs two statements (its start and its result). A step that is
 * not sent (gone from the plan, an unknown kind, a bad config) reads the gate instead. Why an
 * attempt stops decides what happens to the run:
 * <ul>
 *   <li>the owner's cancel (the row's flag, or a cancel of the queue job): the run ends
 *       {@code canceled}; the only way a run is canceled;</li>
 *   <li>worker shutdown, lost lease or attempt timeout ({@link JobContext#handBackRequested()}):
 *       the attempt stops at the next safe point without touching the row and throws
 *       {@link JobCancelledException}, so the queue hands the job back (or retries it); a step
 *       interrupted this way is not recorded and runs again in the next attempt;</li>
 *   <li>the row is no longer this attempt's (finished by the reaper, or claimed by a newer
 *       attempt): it stops and writes nothing.</li>
 * </ul>
 * While a step runs, the step's cancel check polls the gate at most every {@value #GATE_POLL_MS}
 * ms and writes the heartbeat at most every {@link #HEARTBEAT_EVERY}: the reaper and the
 * dispatcher measure silence from it.
 * <p>
 * <b>One worker at a time on a run's account API.</b> The claim fences an earlier attempt's
 * writes, but not a request it has already sent (a blocking HTTP call does not poll; aborting it
 * would not un-send it). So each step is marked in flight by a fenced write just before it is
 * sent (who sent it, and until when; the step's start above), and the
 * mark ends with the step's result or when the attempt lets go of the step. The mark is a lease:
 * it lasts {@link #STEP_LEASE} and this process renews it while the request is open (up to the
 * kind's {@link StepKind#longest} + slack), so the mark of a killed or frozen worker runs out within
 * a lease. An attempt that takes over a run first waits until no other attempt's step is in
 * flight (ended or run out), see {@link #awaitEarlierStep}. Claim
 * and mark are writes to the same row, so one of them sees the other: either the earlier attempt
 * marked its step first (and the new one waits) or its mark fails (and it sends nothing).
 */
@Singleton
public class StepLoop {

    static final long GATE_POLL_MS = 500;
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);
    /** How long a step's in-flight mark lasts without a renewal (a killed worker's runs out this fast). */
    static final Duration STEP_LEASE = Duration.ofSeconds(8);
    /** How often an open step's mark is renewed: four times per lease, so a late renewal or two does no harm. */
    static final Duration STEP_LEASE_RENEWAL = STEP_LEASE.dividedBy(4);
    /** Added to a kind's longest duration before renewals stop: clock skew between workers, a gate poll. */
    static final Duration DEADLINE_SLACK = Duration.ofSeconds(2);
    /** How often an attempt that took over a run looks whether the earlier step has ended. */
    static final long TAKEOVER_POLL_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(StepLoop.class);

    private final StepKinds kinds;
    private final StepRunFactory runs;
    private final StepResults results;
    private final EventPublisher events;
    private final Clock clock;
    /** Renews the marks of open steps (a blocking request does not come back to do it). */
    private final java.util.concurrent.ScheduledExecutorService markRenewals =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dh-step-marks");
                t.setDaemon(true);
                return t;
            });

    public StepLoop(StepKinds kinds, StepRunFactory runs, StepResults results, EventPublisher events, Clock clock) {
        this.kinds = kinds;
        this.runs = runs;
        this.results = results;
        this.events = events;
        this.clock = clock;
    }

    @jakarta.annotation.PreDestroy
    void stopRenewals() {
        markRenewals.shutdownNow();
    }

    /** The run's row as read at the start of the attempt. */
    record Subject(UUID id, UUID userId, UUID planId, UUID accountId, List<String> stepIds, Map<String, Step> steps,
                   String results) {
    }

    enum Stop { GONE, CANCELED, HAND_BACK }

    public void run(JobContext context, RunKind kind, Subject s) {
        String runner = context.jobId() + "#" + context.attempt() + "#" + UUID.randomUUID();
        if (!kind.rows().claim(s.id(), runner, clock.instant())) {
            return;
        }
        Attempt a = new Attempt(context, kind, s.id(), runner);
        if (!awaitEarlierStep(a, s)) {
            return;
        }
        Map<String, String> vars = Map.of(kind.idKey(), s.id().toString(), "user_id", s.userId().toString(),
                "plan_id", s.planId().toString());
        var done = results.parse(s.results());
        RunAccessToken token = runs.accessToken(s.accountId());
        try {
            for (String stepId : s.stepIds()) {
                if (done.containsKey(stepId)) {
                    continue;
                }
                Step step = s.steps().get(stepId);
                java.time.Instant startedAt = clock.instant();
                StepOutcome outcome = runStep(a, s, step, stepId, token, vars);
                if (outcome == null) {
                    return;
                }
                java.time.Instant finishedAt = clock.instant();
                a.log("step " + stepId + ": " + outcome.status().wire() + " - " + outcome.message());
                var recorded = a.recordResult(results.patch(stepId, outcome, startedAt, finishedAt), finishedAt);
                if (recorded.isEmpty()) {
                    LOG.info("{} {}: the row is no longer this attempt's, result of step {} not recorded", kind.name(),
                            s.id(), stepId);
                    return;
                }
                Map<String, Object> event = a.stepEvent(stepId, outcome.status().wire(), recorded.get());
                event.put("message", outcome.message());
                event.put("duration_ms", Long.toString(java.time.Duration.between(startedAt, finishedAt).toMillis()));
                events.publish(kind.topic(s.id()), "step", event);
                if (outcome.status() == StepStatus.ERROR && (kind.stopsAtError() || a.reconnect)) {
                    finish(a, s, RunStatus.FAILED, outcome.message());
                    return;
                }
            }
        } finally {
            a.letGoOfStep();
            token.release();
        }
        finish(a, s, RunStatus.COMPLETE, null);
    }

    /**
     * A re-delivered run (lost lease, Redis paused past the visibility timeout, a killed worker)
     * may still have a step in flight from its previous attempt. The claim already fenced that
     * attempt's writes; this waits until its step has ended (its result or its let-go cleared the
     * mark) or its deadline has passed, beating the heartbeat meanwhile. False when this attempt
     * must stop instead (it was canceled, handed back, or lost the row).
     */
    private boolean awaitEarlierStep(Attempt a, Subject s) {
        boolean told = false;
        try {
            while (true) {
                Stop stop = a.check();
                if (stop != null) {
                    stopBefore(a, s, stop, "its first step");
                    return false;
                }
                if (!a.gate.stepInFlightElsewhere(a.runner, clock.instant())) {
                    return true;
                }
                if (!told) {
                    told = true;
                    LOG.info("{} {}: an earlier attempt's step is still in flight; waiting until it ends (at most until {})",
                            a.kind.name(), s.id(), a.gate.stepDeadline());
                }
                Thread.sleep(TAKEOVER_POLL_MS);
            }
        } catch (InterruptedException e) {
            handBack(a, s, "before its first step");
            return false;
        }
    }

    /**
     * Null when the attempt stopped before the step (nothing of it written, not sent) or during it
     * (or handed the run back). A step to be sent starts with one statement
     * ({@link Attempt#startStep}); a step that is not sent reads the gate before its outcome is
     * recorded, so a cancel or a lost row stops the attempt first either way.
     */
    private StepOutcome runStep(Attempt a, Subject s, Step step, String stepId, RunAccessToken token,
                                Map<String, String> vars) {
        RunKind kind = a.kind;
        StepKind k = step == null ? null : kinds.find(step.kind()).orElse(null);
        StepOutcome unsent = null;
        StepRun run = null;
        Duration longest = null;
        if (step == null) {
            unsent = StepOutcome.skip("step no longer exists");
        } else if (k == null) {
            unsent = StepOutcome.error("unknown step kind " + step.kind());
        } else {
            try {
                run = runs.create(step, token, vars, a::log, a::shouldStop);
                longest = k.longest(run.config());
            } catch (RuntimeException e) {
                unsent = failed(a, s, stepId, e);
            }
        }
        Stop stop = unsent != null ? a.check()
                : a.startStep(longest, "step " + step.stepOrder() + " " + step.name() + ": started");
        if (stop != null) {
            stopBefore(a, s, stop, "step " + stepId);
            return null;
        }
        if (a.gate != null && !a.gate.accountActive()) {
            token.forget();
        }
        if (unsent != null) {
            return unsent;
        }
        events.publish(kind.topic(s.id()), "step", a.stepEvent(stepId, "started", a.startedLines));
        try {
            return kind.call(k, run);
        } catch (ReconnectRequiredException e) {
            events.publish(EventPublisher.userTopic(s.userId()), "reconnect", Map.of(kind.idKey(), s.id().toString()));
            a.reconnect = true;
            return StepOutcome.error("reconnect your account");
        } catch (InterruptedException e) {
            Stop during = a.check();
            // Interrupted by the worker itself (timeout, end of the drain): hand back.
            stopDuring(a, s, during == null ? Stop.HAND_BACK : during, step);
            return null;
        } catch (Exception e) {
            return failed(a, s, stepId, e);
        }
    }

    private static StepOutcome failed(Attempt a, Subject s, String stepId, Exception e) {
        LOG.warn("{} {} step {} failed: {}", a.kind.name(), s.id(), stepId, e.getClass().getSimpleName());
        return StepOutcome.error((a.kind.stopsAtError() ? "step" : "check") + " failed ("
                + e.getClass().getSimpleName() + ")");
    }

    /** {@code where}: "step &lt;id&gt;" or "its first step". */
    private void stopBefore(Attempt a, Subject s, Stop stop, String where) {
        switch (stop) {
            case CANCELED -> {
                a.log("canceled before " + where);
                a.flush();
                finish(a, s, RunStatus.CANCELED, null);
            }
            case HAND_BACK -> handBack(a, s, "before " + where);
            case GONE -> LOG.info("{} {} is no longer this attempt's: stopping before {}", a.kind.name(), s.id(),
                    where);
        }
    }

    private void stopDuring(Attempt a, Subject s, Stop stop, Step step) {
        switch (stop) {
            case CANCELED -> {
                a.log("step " + step.stepOrder() + " " + step.name() + ": canceled");
                a.recordResult(results.patch(step.id(), StepOutcome.skip("canceled")), clock.instant())
                        .ifPresent(a::publishLines);
                finish(a, s, RunStatus.CANCELED, null);
            }
            case HAND_BACK -> {
                a.flush(); // the lines of the interrupted step stay in the log; the next attempt runs it again
                handBack(a, s, "during step " + step.stepOrder() + " " + step.name());
            }
            case GONE -> LOG.info("{} {} is no longer this attempt's: stopped during step {}", a.kind.name(), s.id(),
                    step.id());
        }
    }

    /** Leaves the row as it is: the queue hands the job back or retries it, the next attempt resumes. */
    private void handBack(Attempt a, Subject s, String where) {
        LOG.info("{} {} handed back {}: the next attempt resumes there", a.kind.name(), a.id, where);
        throw new JobCancelledException(a.context.jobId());
    }

    private void finish(Attempt a, Subject s, String status, String error) {
        if (a.kind.rows().finish(s.id(), a.runner, status, error, clock.instant())) {
            LOG.info("{} {} of plan {} finished: {}", a.kind.name(), s.id(), s.planId(), status);
            Map<String, String> event = Map.of(a.kind.idKey(), s.id().toString(), "status", status);
            events.publish(a.kind.topic(s.id()), "final", event);
            events.publish(EventPublisher.userTopic(s.userId()), "final", event);
            a.kind.finished(s.id());
        }
    }

    /**
     * One attempt's view of its run: stop reasons, throttled gate reads and heartbeats, the step
     * in flight, log lines. Lines are collected and written in batches: with the step's start,
     * with its result, and at the step's cancel checks (a long step, e.g. a wait, shows its lines
     * while it runs), so a step of a job costs two log writes, each with one event, and they are
     * its two statements: the start (with the gate read and the mark) and the result.
     */
    private final class Attempt {
        final JobContext context;
        final RunKind kind;
        final UUID id;
        final String runner;
        RunGate gate;
        boolean reconnect;
        /** This attempt marked a step in flight and has not yet ended the mark. */
        private boolean stepMarked;
        /** The lines written with the start of the step in flight, as stored. */
        List<RunLogs.Line> startedLines = List.of();
        private volatile java.util.concurrent.ScheduledFuture<?> renewal;
        private long gateReadAt;
        private long heartbeatAt = System.nanoTime();

        Attempt(JobContext context, RunKind kind, UUID id, String runner) {
            this.context = context;
            this.kind = kind;
            this.id = id;
            this.runner = runner;
        }

        /**
         * Starts a step to be sent, in one statement ({@link RunRows#startStep}): marks it in flight
         * for a lease, renewed until the step ends or until now + longest + slack, and writes the
         * pending lines with {@code startedLine} ({@link #startedLines}); the gate comes back with
         * it. The reason to stop, or null when the step is marked and may be sent. When it is not
         * marked nothing was written (the started line is dropped) and the gate says why; only
         * when that read predates a change that stopped the mark (a cancel committed meanwhile)
         * is the gate read again.
         */
        Stop startStep(Duration longest, String startedLine) {
            if (context.handBackRequested() || context.cancelledByUser()) {
                return check(); // never null: the flag is a reason to stop
            }
            log(startedLine);
            java.time.Instant now = clock.instant();
            StepStarts.Start start = kind.rows().startStep(id, runner, now.plus(STEP_LEASE), now, takePending());
            gate = start.gate();
            gateReadAt = System.nanoTime();
            if (!start.marked()) {
                Stop stop = reason();
                if (stop == null) {
                    stop = check();
                }
                return stop == null ? Stop.GONE : stop;
            }
            heartbeatAt = gateReadAt; // the mark is also a heartbeat
            stepMarked = true;
            startedLines = start.lines();
            java.time.Instant renewUntil = now.plus(longest).plus(DEADLINE_SLACK);
            renewal = markRenewals.scheduleAtFixedRate(() -> renewMark(renewUntil), STEP_LEASE_RENEWAL.toMillis(),
                    STEP_LEASE_RENEWAL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return null;
        }

        private void renewMark(java.time.Instant renewUntil) {
            java.time.Instant now = clock.instant();
            if (now.isAfter(renewUntil)) {
                stopRenewing();
                return;
            }
            try {
                kind.rows().renewStep(id, runner, now.plus(STEP_LEASE));
            } catch (RuntimeException e) {
                LOG.warn("{} {}: could not renew the mark of the step in flight: {}", kind.name(), id,
                        e.getClass().getSimpleName());
            }
        }

        private void stopRenewing() {
            java.util.concurrent.ScheduledFuture<?> r = renewal;
            renewal = null;
            if (r != null) {
                r.cancel(false);
            }
        }

        /**
         * Writes a step's result with the pending lines in one write, which also ends the mark;
         * empty when the row is no longer this attempt's, else the lines as stored.
         */
        java.util.Optional<List<RunLogs.Line>> recordResult(String patch, java.time.Instant now) {
            stopRenewing();
            var written = kind.rows().recordStep(id, runner, patch, now, takePending());
            stepMarked &= written.isEmpty();
            return written;
        }

        /** Ends the mark of a step that got no result here (stopped, handed back, taken over). */
        void letGoOfStep() {
            stopRenewing();
            if (stepMarked) {
                stepMarked = false;
                kind.rows().endStep(id, runner);
            }
        }

        /** Reads the gate now (and beats when due); the reason to stop, or null to go on. */
        Stop check() {
            gate = kind.rows().gate(id).orElse(null);
            gateReadAt = System.nanoTime();
            Stop stop = reason();
            if (stop == null && System.nanoTime() - heartbeatAt >= HEARTBEAT_EVERY.toNanos()) {
                heartbeatAt = System.nanoTime();
                if (!kind.rows().heartbeat(id, runner, clock.instant())) {
                    return Stop.GONE;
                }
            }
            return stop;
        }

        private Stop reason() {
            if (gate == null || !gate.ownedBy(runner)) {
                return Stop.GONE;
            }
            if (gate.cancelRequested() || context.cancelledByUser()) {
                return Stop.CANCELED;
            }
            return context.handBackRequested() ? Stop.HAND_BACK : null;
        }

        /** The step's cancel check: writes the step's pending lines, cheap flags every call, the gate at most every GATE_POLL_MS. */
        boolean shouldStop() {
            flush();
            if (context.handBackRequested() || context.cancelledByUser()) {
                return true;
            }
            if (System.nanoTime() - gateReadAt >= GATE_POLL_MS * 1_000_000) {
                return check() != null;
            }
            return false;
        }

        private final List<String> pending = new ArrayList<>();

        /** Stamps the line and keeps it for the next write (see {@link #flush}). */
        synchronized void log(String line) {
            pending.add(clock.instant() + " " + line + "\n");
        }

        /** The lines not written yet, in order; the caller writes them. */
        synchronized List<String> takePending() {
            List<String> lines = List.copyOf(pending);
            pending.clear();
            return lines;
        }

        /** Writes the pending lines (one statement) and publishes them in one "log" event. */
        void flush() {
            List<String> lines = takePending();
            if (!lines.isEmpty()) {
                publishLines(kind.rows().appendLog(id, runner, lines));
            }
        }

        void publishLines(List<RunLogs.Line> lines) {
            if (!lines.isEmpty()) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put(kind.idKey(), id.toString());
                event.put("lines", wire(lines));
                events.publish(kind.topic(id), "log", event);
            }
        }

        /** A "step" event: the step's new status and the log lines written with it (for the run page). */
        Map<String, Object> stepEvent(String stepId, String status, List<RunLogs.Line> lines) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put(kind.idKey(), id.toString());
            event.put("step_id", stepId);
            event.put("status", status);
            if (!lines.isEmpty()) {
                event.put("lines", wire(lines));
            }
            return event;
        }
    }

    /** Lines as events carry them: [{"seq": "12", "line": "..."}], in order. */
    private static List<Map<String, String>> wire(List<RunLogs.Line> lines) {
        List<Map<String, String>> out = new ArrayList<>(lines.size());
        lines.forEach(l -> out.add(Map.of("seq", Long.toString(l.seq()), "line", l.text())));
        return out;
    }

    static Map<String, Step> byId(List<Step> steps) {
        Map<String, Step> m = new HashMap<>();
        steps.forEach(st -> m.put(st.id().toString(), st));
        return m;
    }
}
