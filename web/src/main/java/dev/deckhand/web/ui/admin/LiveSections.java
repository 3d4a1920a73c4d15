package dev.deckhand.web.ui.admin;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.List;

/**
 * The live part of the dashboard ({@code views/admin/live.mustache}), rendered inside the
 * dashboard page and alone for its 2-second refreshes (one rendering path): queue gauges with
 * pause/resume, worker processes with Quiet, the first page of in-flight and retrying jobs, the
 * dead set, the Quartz schedules with Run now and pause/resume. Built by {@link AdminViews}.
 *
 * @param retryingCount the number shown, with {@code +} when there are more than one page
 * @param csrf          the token of every form in the sections
 */
@JStache(path = "admin/live")
public record LiveSections(List<QueueRow> queues, List<ProcessRow> processes, JobTable inFlight, long inFlightCount,
                           JobTable retrying, String retryingCount, long deadCount, List<DeadRow> dead,
                           List<ScheduleRow> schedules, String csrf) implements View {

    public int processCount() {
        return processes.size();
    }

    /**
     * One queue's gauges and counters.
     *
     * @param queuePath the queue name, URL-encoded for the pause/resume form
     * @param latency   age of the oldest ready job, formatted
     */
    public record QueueRow(String queue, String queuePath, long ready, long scheduled, long inFlight, String latency,
                           long succeeded, long retries, long dead, long redelivered, boolean paused) {

        public String queueState() {
            return paused ? "paused" : "active";
        }

        public PauseToggle toggle() {
            return PauseToggle.of(paused);
        }
    }

    /**
     * One live worker process as it last reported itself.
     *
     * @param queues    its queues with their concurrency, e.g. {@code default (4), short (2)}
     * @param busy      busy slots over concurrency
     * @param jobs      the ids of the jobs it runs, or "—"
     * @param state     running, quiet or stopping, and "(draining)" while it drains
     * @param quietable it still fetches, so it can be asked to go quiet
     */
    public record ProcessRow(String id, String idPath, String proctype, String host, long pid, String queues,
                             String busy, String jobs, String version, String started, String beat, String state,
                             boolean quietable) {
    }

    /** One job of the dead set; {@code reason} in full. */
    public record DeadRow(String id, String idPath, String type, String queue, int attempts, String diedAt,
                          String reason, JobActions actions) {
    }

    /**
     * One Quartz trigger.
     *
     * @param jobPath   the job name, URL-encoded for the forms' actions
     * @param nextFire  UTC time and how far from now
     * @param schedName the Quartz scheduler name the forms send back
     */
    public record ScheduleRow(String trigger, String group, String job, String jobPath, String cron, String state,
                              String nextFire, String previousFire, String schedName, boolean paused) {

        public PauseToggle toggle() {
            return PauseToggle.of(paused);
        }
    }
}
