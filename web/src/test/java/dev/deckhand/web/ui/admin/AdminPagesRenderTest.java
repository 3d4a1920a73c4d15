package dev.deckhand.web.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The admin page models through their templates, without a server: every value is HTML-escaped
 * (job ids, errors and arguments come from whoever enqueued the job), the forms carry the CSRF
 * token, empty lists show their message, and a missing value is an error rather than a blank.
 */
class AdminPagesRenderTest {

    private static final String HOSTILE = "<img src=x onerror=alert(1)>\"'`";
    private static final String ESCAPED = "&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;&quot;&#x27;&#x60;";

    private static JobTable.Row row(String id, JobActions actions) {
        return new JobTable.Row(id, JobRows.path(id), HOSTILE, "default", "retrying", 2, "in 3 s", HOSTILE, actions);
    }

    private static LiveSections live(String csrf) {
        return new LiveSections(
                List.of(new LiveSections.QueueRow(HOSTILE, JobRows.path(HOSTILE), 1, 2, 3, "4 s", 5, 6, 7, 8, true)),
                List.of(new LiveSections.ProcessRow("h:1:a", "h%3A1%3Aa", "worker", HOSTILE, 1, "default (4)", "1 / 4",
                        "—", "1.0", "2026-12-02 12:00:00 UTC", "2 s ago", "running", true)),
                new JobTable(List.of(row("j1", JobActions.forLive("j1", "/admin#inflight"))), "No job is running."),
                1,
                new JobTable(List.of(), "Nothing is retrying."),
                "0",
                1,
                List.of(new LiveSections.DeadRow("d/1", JobRows.path("d/1"), "t", "q", 3, "1 s ago", HOSTILE,
                        JobActions.forDead("d/1", "/admin#dead"))),
                List.of(new LiveSections.ScheduleRow("nightly", "deckhand-cron", "nightly", "nightly", "0 0 3 * * ?",
                        "PAUSED", "—", "—", "deckhand", true)),
                csrf);
    }

    @Test
    void theDashboardEscapesEveryValueAndPutsTheTokenInEachForm() {
        String html = new DashboardPage("1.2.3", "abc", Optional.of(HOSTILE), live("tok\"en")).render().html();
        assertThat(html).doesNotContain("<img").contains(ESCAPED)
                .contains("<div class=\"flash flash-ok\" role=\"status\" id=\"flash\">" + ESCAPED + "</div>");
        long forms = html.split("<form ", -1).length - 1;
        long tokens = html.split("name=\"csrf_token\" value=\"tok&quot;en\"", -1).length - 1;
        assertThat(forms).isEqualTo(7).isEqualTo(tokens);
        assertThat(html).contains("action=\"/admin/dead/d%2F1/retry\"").contains("action=\"/admin/job/j1/cancel\"")
                .contains("data-action=\"resume-queue\"").contains("data-action=\"resume\"")
                .contains("<tr class=\"empty\"><td colspan=\"8\">Nothing is retrying.</td></tr>");
    }

    @Test
    void theLiveFragmentIsTheDashboardsOwnMarkup() {
        String fragment = live("t").render().html();
        assertThat(new DashboardPage("1", "c", Optional.empty(), live("t")).render().html()).contains(fragment)
                .doesNotContain("id=\"flash\"");
        assertThat(fragment).doesNotContain("<html").doesNotContain("<script");
    }

    @Test
    void emptyListsShowTheirMessages() {
        String html = new LiveSections(List.of(), List.of(), new JobTable(List.of(), "No job is running."), 0,
                new JobTable(List.of(), "Nothing is retrying."), "0", 0, List.of(), List.of(), "t").render().html();
        assertThat(html).contains("No queue has received a job yet.").contains("No worker process is alive.")
                .contains("No job is running.").contains("The dead set is empty.")
                .contains("No schedules (is the scheduler deployed?).").doesNotContain("<form");
    }

    @Test
    void theJobPageEscapesArgumentsErrorsAndStackTraces() {
        JobPage page = new JobPage("j<1>", "t", "q", "dead", false, 1, "—", "—", "—", "—", "—", "—", "—",
                Optional.of(new JobPage.Link("/jobs/x", HOSTILE)), Optional.empty(),
                Optional.of(JobActions.forDead("j<1>", "/admin/jobs/dead")),
                List.of(new JobPage.Argument("n", HOSTILE)),
                List.of(new JobPage.Attempt(1, "—", "—", "—", HOSTILE, HOSTILE)), "t");
        String html = page.render().html();
        assertThat(html).doesNotContain("<img").contains("<code id=\"job-id\">j&lt;1&gt;</code>")
                .contains("<pre class=\"stack-trace\">" + ESCAPED + "</pre>")
                .contains("action=\"/admin/dead/j%3C1%3E/discard\"");
        assertThat(html.split("class=\"attempt\"", -1).length - 1).isEqualTo(page.failureCount());
    }

    @Test
    void aMissingValueIsAnErrorNotABlank() {
        JobListPage page = new JobListPage("Dead set", "dead", Optional.empty(), "", "", Optional.empty(), null,
                "Died", new JobTable(List.of(), "No jobs."), Optional.empty(), Optional.empty(), "t");
        assertThatThrownBy(page::render).isInstanceOf(NullPointerException.class).hasMessageContaining("pageInfo");
    }
}
