package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.JobFilter;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.jobqueue.Page;
import dev.deckhand.jobqueue.WorkerProcess;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.web.ui.format.Durations;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the live part of the dashboard ({@link LiveSections}): queue gauges, worker processes,
 * the first page of in-flight jobs, retries and the dead set (each links to its full, searchable
 * list), and the Quartz schedules with their buttons. Used both for the first render and for the
 * 2-second refreshes, so there is one rendering path. Blocking.
 */
@Singleton
public class AdminViews {

    static final int LIST_LIMIT = 20;

    private final QueueInspector inspector;
    private final JobQueueAdmin admin;
    private final ScheduleReader schedules;
    private final JobRows jobRows;
    private final Clock clock;

    public AdminViews(QueueInspector inspector, JobQueueAdmin admin, ScheduleReader schedules, JobRows jobRows) {
        this.jobRows = jobRows;
        this.inspector = inspector;
        this.admin = admin;
        this.schedules = schedules;
        this.clock = Clock.systemUTC();
    }

    /** The live sections as they are now; {@code csrf} goes into the action forms. */
    public LiveSections live(String csrf) {
        Instant now = clock.instant();
        List<QueueStats> stats = inspector.stats();
        Set<String> paused = admin.pausedQueues();
        Page<JobSummary> retrying = admin.jobs(JobList.RETRYING, JobFilter.ALL, null, LIST_LIMIT);
        return new LiveSections(
                stats.stream().map(s -> queueRow(s, paused.contains(s.queue()))).toList(),
                admin.processes().stream().map(w -> processRow(w, now)).toList(),
                jobRows.table(JobList.IN_FLIGHT, admin.jobs(JobList.IN_FLIGHT, JobFilter.ALL, null, LIST_LIMIT).items(),
                        "/admin#inflight", now, "No job is running."),
                stats.stream().mapToLong(QueueStats::inFlight).sum(),
                jobRows.table(JobList.RETRYING, retrying.items(), "/admin#waiting", now, "Nothing is retrying."),
                retrying.items().size() + (retrying.hasMore() ? "+" : ""),
                admin.deadCount(),
                jobRows.dead(admin.dead(JobFilter.ALL, null, LIST_LIMIT).items(), "/admin#dead", now),
                schedules.schedules().stream().map(s -> scheduleRow(s, now)).toList(),
                csrf);
    }

    private static LiveSections.QueueRow queueRow(QueueStats s, boolean paused) {
        return new LiveSections.QueueRow(s.queue(), JobRows.path(s.queue()), s.ready(), s.scheduled(), s.inFlight(),
                Durations.short_(Duration.ofMillis(s.oldestReadyAgeMs())), s.succeeded(), s.retries(), s.dead(),
                s.redelivered(), paused);
    }

    private static LiveSections.ProcessRow processRow(WorkerProcess w, Instant now) {
        return new LiveSections.ProcessRow(w.id(), JobRows.path(w.id()), text(w.proctype()), text(w.host()), w.pid(),
                w.queues().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")),
                w.busy() + " / " + w.concurrency(),
                w.runningJobIds().isEmpty() ? "—" : String.join(", ", w.runningJobIds()),
                text(w.version()), Durations.utc(w.startedAt()), Durations.relative(w.lastHeartbeat(), now),
                w.state().name().toLowerCase(Locale.ROOT) + (w.draining() ? " (draining)" : ""),
                w.state() == WorkerProcess.State.RUNNING);
    }

    private static LiveSections.ScheduleRow scheduleRow(ScheduleReader.Schedule s, Instant now) {
        return new LiveSections.ScheduleRow(text(s.trigger()), text(s.group()), text(s.job()), JobRows.path(text(s.job())),
                s.cron() == null ? "—" : s.cron(), text(s.state()),
                Durations.utc(s.nextFire()) + " (" + Durations.relative(s.nextFire(), now) + ")",
                Durations.utc(s.previousFire()), text(s.schedName()), s.paused());
    }

    /** Text read from Redis or Quartz's tables, where a field may be missing: shown empty. */
    static String text(String s) {
        return s == null ? "" : s;
    }
}
