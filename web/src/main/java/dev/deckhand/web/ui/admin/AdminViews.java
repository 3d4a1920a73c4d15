package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.JobFilter;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.jobqueue.Page;
import dev.deckhand.jobqueue.WorkerProcess;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.web.ui.format.Durations;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Templates;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Function;

/**
 * Builds the model of the live part of the dashboard ({@code views/admin/live.html}): queue
 * gauges, the first page of in-flight jobs, retries and the dead set (each links to its full,
 * searchable list), and the Quartz schedules with their buttons. Used both
 * for the first render and for the 2-second refreshes, so there is one rendering path. Blocking.
 */
@Singleton
public class AdminViews {

    static final int LIST_LIMIT = 20;

    private final QueueInspector inspector;
    private final JobQueueAdmin admin;
    private final ScheduleReader schedules;
    private final Templates templates;
    private final JobRows jobRows;
    private final Clock clock;

    public AdminViews(QueueInspector inspector, JobQueueAdmin admin, ScheduleReader schedules, Templates templates,
                      JobRows jobRows) {
        this.jobRows = jobRows;
        this.inspector = inspector;
        this.admin = admin;
        this.schedules = schedules;
        this.templates = templates;
        this.clock = Clock.systemUTC();
    }

    /** Renders the live fragment; {@code csrf} goes into the action forms. */
    public Html.Safe live(String csrf) {
        Instant now = clock.instant();
        Map<String, Object> m = new HashMap<>();
        List<QueueStats> stats = inspector.stats();
        Set<String> paused = admin.pausedQueues();
        m.put("queueRows", rows("admin/queue-row", stats, 10, "No queue has received a job yet.", s -> {
            boolean p = paused.contains(s.queue());
            Map<String, Object> r = new HashMap<>(Map.of(
                    "queue", s.queue(), "ready", s.ready(), "scheduled", s.scheduled(), "inFlight", s.inFlight(),
                    "latency", Durations.short_(Duration.ofMillis(s.oldestReadyAgeMs())), "succeeded", s.succeeded(),
                    "retries", s.retries(), "dead", s.dead(), "redelivered", s.redelivered()));
            r.put("paused", p);
            r.put("queueState", p ? "paused" : "active");
            r.put("queuePath", JobRows.path(s.queue()));
            r.put("toggle", p ? "resume" : "pause");
            r.put("toggleLabel", p ? "Resume" : "Pause");
            r.put("csrf", csrf);
            return r;
        }));
        List<WorkerProcess> processes = admin.processes();
        m.put("processCount", processes.size());
        m.put("processRows", rows("admin/process-row", processes, 12, "No worker process is alive.", w -> {
            Map<String, Object> r = new HashMap<>();
            r.put("id", w.id());
            r.put("proctype", w.proctype());
            r.put("host", w.host());
            r.put("pid", w.pid());
            r.put("queues", w.queues().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
            r.put("busy", w.busy() + " / " + w.concurrency());
            r.put("jobs", w.runningJobIds().isEmpty() ? "—" : String.join(", ", w.runningJobIds()));
            r.put("version", w.version());
            r.put("started", Durations.utc(w.startedAt()));
            r.put("beat", Durations.relative(w.lastHeartbeat(), now));
            r.put("state", w.state().name().toLowerCase(Locale.ROOT) + (w.draining() ? " (draining)" : ""));
            r.put("quiet", w.state() == WorkerProcess.State.RUNNING
                    ? templates.render("admin/quiet-form", Map.of("idPath", JobRows.path(w.id()), "csrf", csrf))
                    : Html.safe(""));
            return r;
        }));
        long inFlight = stats.stream().mapToLong(QueueStats::inFlight).sum();
        m.put("inFlightCount", inFlight);
        m.put("inFlightRows", jobRows.summaries(JobList.IN_FLIGHT,
                admin.jobs(JobList.IN_FLIGHT, JobFilter.ALL, null, LIST_LIMIT).items(), csrf, "/admin#inflight", now,
                "No job is running."));
        Page<JobSummary> retrying = admin.jobs(JobList.RETRYING, JobFilter.ALL, null, LIST_LIMIT);
        m.put("waitingCount", retrying.items().size() + (retrying.hasMore() ? "+" : ""));
        m.put("waitingRows", jobRows.summaries(JobList.RETRYING, retrying.items(), csrf, "/admin#waiting", now,
                "Nothing is retrying."));
        m.put("deadCount", admin.deadCount());
        m.put("deadRows", jobRows.dead(admin.dead(JobFilter.ALL, null, LIST_LIMIT).items(), csrf, "/admin#dead", now));
        m.put("scheduleRows", rows("admin/schedule-row", schedules.schedules(), 7, "No schedules (is the scheduler deployed?).",
                s -> {
                    Map<String, Object> r = new HashMap<>();
                    r.put("trigger", s.trigger());
                    r.put("group", s.group());
                    r.put("job", s.job());
                    r.put("jobPath", JobRows.path(s.job()));
                    r.put("cron", s.cron() == null ? "—" : s.cron());
                    r.put("state", s.state());
                    r.put("nextFire", Durations.utc(s.nextFire()) + " (" + Durations.relative(s.nextFire(), now) + ")");
                    r.put("previousFire", Durations.utc(s.previousFire()));
                    r.put("schedName", s.schedName());
                    r.put("toggle", s.paused() ? "resume" : "pause");
                    r.put("toggleLabel", s.paused() ? "Resume" : "Pause");
                    r.put("csrf", csrf);
                    return r;
                }));
        m.put("csrf", csrf);
        return templates.render("admin/live", m);
    }

    private <T> Html.Safe rows(String template, List<T> items, int columns, String emptyMessage,
                               Function<T, Map<String, ?>> toModel) {
        if (items.isEmpty()) {
            return templates.render("empty-row", Map.of("colspan", columns, "message", emptyMessage));
        }
        return templates.each(template, items.stream().map(toModel).toList());
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
