package dev.deckhand.web.ui.admin;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.Optional;

/**
 * One page of a job list ({@code views/admin/jobs.mustache}): the tabs to the other lists, the
 * search form (filled with the current search), the bulk buttons of the dead set and retries, the
 * jobs and the cursor links.
 *
 * @param list        the list's path segment: ready, scheduled, retrying, in-flight or dead
 * @param query       the search text as typed (empty for none)
 * @param queue       the queue filter as typed (empty for none)
 * @param pageInfo    how many are shown, of how many, and whether more follow
 * @param timeHeading the heading of the time column, which means something else in each list
 * @param firstPage   the link back to the first page, when this is a later one
 * @param nextPage    the link to the next page, when there are more jobs
 */
@JStache(path = "admin/jobs")
public record JobListPage(String title, String list, Optional<String> flash, String query, String queue,
                          Optional<BulkForms> bulk, String pageInfo, String timeHeading, JobTable jobs,
                          Optional<String> firstPage, Optional<String> nextPage, String csrf) implements View {

    /** Retry/discard every job the search matches (all of the list when there is no search). */
    public record BulkForms(String retryLabel, String discardLabel) {
    }
}
