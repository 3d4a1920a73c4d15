package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.DeadJob;
import dev.deckhand.jobqueue.InFlightJob;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.QueueStats;
import dev.deckhand.jobqueue.WaitingJob;
import dev.deckhand.web.ui.format.Durations;
import dev.deckhand.web.ui.view.Html;
import dev.deckhand.web.ui.view.Templates;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the model of the live part of the dashboard ({@code views/admin/live.html}): queue
 * gauges, in-flight jobs, scheduled/retrying jobs, the dead set and the Quartz schedules. Used both
 * for the first render and for the 2-second refreshes, so there is one rendering path. Blocking.
 */
@Singleton
public class AdminViews {

    static final int LIST_LIMIT = 50;

    private final QueueInspector inspector;
    private final JobQueueAdmin admin;
    private final ScheduleReader schedules;
    private final Templates templates;
    private final Clock clock;

    public AdminViews(QueueInspector inspector, JobQueueAdmin admin, ScheduleReader schedules, Templates templates) {
        this.inspector = inspector;
        this.admin = admin;
        this.schedules = schedules;
        this.templates = templates;
        this.clock = Clock.systemUTC();
    }

    /** Renders the live fragment; {@code csrf} goes into the retry/discard forms. */
    public Html.Safe live(String csrf) {
        Instant now = clock.instant();
        Map<String, Object> m = new HashMap<>();
        List<QueueStats> stats = inspector.stats();
        m.put("queueRows", rows("admin/queue-row", stats, 9, "No queue has received a job yet.", s -> Map.of(
                "queue", s.queue(), "ready", s.ready(), "scheduled", s.scheduled(), "inFlight", s.inFlight(),
                "latency", Durations.short_(Duration.ofMillis(s.oldestReadyAgeMs())), "succeeded", s.succeeded(),
                "retries", s.retries(), "dead", s.dead(), "redelivered", s.redelivered())));
        List<InFlightJob> inFlight = inspector.inFlight(LIST_LIMIT);
        m.put("inFlightCount", inFlight.size());
        m.put("inFlightRows", rows("admin/inflight-row", inFlight, 6, "No job is running.", j -> Map.of(
                "id", j.id(), "type", j.type(), "queue", j.queue(), "attempt", j.attempt(),
                "runningFor", j.started() == null ? "—" : Durations.short_(Duration.between(j.started(), now)),
                "leaseUntil", Durations.relative(j.leaseUntil(), now))));
        List<WaitingJob> waiting = inspector.waiting(LIST_LIMIT);
        m.put("waitingCount", waiting.size());
        m.put("waitingRows", rows("admin/waiting-row", waiting, 7, "Nothing is scheduled or retrying.", j -> Map.of(
                "id", j.id(), "type", j.type(), "queue", j.queue(), "state", j.state(), "attempt", j.attempt(),
                "runAt", Durations.relative(j.runAt(), now), "lastError", abbreviate(j.lastError(), 120))));
        List<DeadJob> dead = admin.listDead(0, LIST_LIMIT);
        m.put("deadCount", admin.deadCount());
        m.put("deadRows", deadRows(dead, csrf, now));
        m.put("scheduleRows", rows("admin/schedule-row", schedules.schedules(), 6, "No schedules (is the scheduler deployed?).",
                s -> Map.of("trigger", s.trigger(), "group", s.group(), "job", s.job(),
                        "cron", s.cron() == null ? "—" : s.cron(), "state", s.state(),
                        "nextFire", Durations.utc(s.nextFire()) + " (" + Durations.relative(s.nextFire(), now) + ")",
                        "previousFire", Durations.utc(s.previousFire()))));
        m.put("csrf", csrf);
        return templates.render("admin/live", m);
    }

    /** The dead-set rows, with retry/discard forms carrying the CSRF token. */
    private Html.Safe deadRows(List<DeadJob> dead, String csrf, Instant now) {
        return rows("admin/dead-row", dead, 7, "The dead set is empty.", d -> {
            Map<String, Object> r = new HashMap<>();
            r.put("id", d.id());
            r.put("idPath", URLEncoder.encode(d.id(), StandardCharsets.UTF_8));
            r.put("type", d.type());
            r.put("queue", d.queue());
            r.put("attempts", d.attempts());
            r.put("diedAt", Durations.relative(d.diedAt(), now));
            r.put("reason", abbreviate(d.reason(), 160));
            r.put("stackTrace", abbreviate(d.stackTrace(), 2000));
            r.put("csrf", csrf);
            return r;
        });
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
