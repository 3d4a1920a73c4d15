package dev.deckhand.web.ui.admin;

import dev.deckhand.jobqueue.DeadJob;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.web.ui.format.Durations;
import jakarta.inject.Singleton;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Rows of jobs for the dashboard and the list pages (one model of a job row, {@link JobTable};
 * one of a dead job, {@link LiveSections.DeadRow}). Errors are shown in full in the cell (never
 * only in a tooltip); every id links to the job's page; actions are CSRF-protected forms that
 * return to {@code back}.
 */
@Singleton
public class JobRows {

    public JobTable table(JobList list, List<JobSummary> jobs, String back, Instant now, String emptyMessage) {
        return new JobTable(jobs.stream().map(j -> new JobTable.Row(j.id(), path(j.id()), AdminViews.text(j.type()),
                AdminViews.text(j.queue()), AdminViews.text(j.state()),
                j.attempt(), j.at() == null ? "—" : Durations.relative(j.at(), now), AdminViews.text(j.lastError()),
                actions(list, j.id(), back))).toList(), emptyMessage);
    }

    public List<LiveSections.DeadRow> dead(List<DeadJob> dead, String back, Instant now) {
        return dead.stream().map(d -> new LiveSections.DeadRow(d.id(), path(d.id()), AdminViews.text(d.type()),
                AdminViews.text(d.queue()), d.attempts(),
                Durations.relative(d.diedAt(), now), AdminViews.text(d.reason()), JobActions.forDead(d.id(), back))).toList();
    }

    static JobActions actions(JobList list, String id, String back) {
        return list == JobList.DEAD ? JobActions.forDead(id, back) : JobActions.forLive(id, back);
    }

    static String path(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
