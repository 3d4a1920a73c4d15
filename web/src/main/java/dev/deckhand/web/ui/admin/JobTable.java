package dev.deckhand.web.ui.admin;

import java.util.List;

/**
 * The body of a table of jobs ({@code views/admin/partials/job-rows.mustache}), the same on the
 * dashboard and the list pages: one row per job, or one row with {@code emptyMessage}.
 */
public record JobTable(List<Row> rows, String emptyMessage) {

    /**
     * One job; the error is shown in full in its cell (never only in a tooltip).
     *
     * @param idPath    the id, URL-encoded for the link to the job's page
     * @param at        the list's time, relative to now ("—" when none)
     * @param lastError empty when the job never failed
     */
    public record Row(String id, String idPath, String type, String queue, String state, int attempt, String at,
                      String lastError, JobActions actions) {
    }
}
