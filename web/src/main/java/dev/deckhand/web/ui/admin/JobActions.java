package dev.deckhand.web.ui.admin;

/**
 * The buttons of one job ({@code views/admin/partials/job-actions.mustache}): Retry and Discard
 * for a dead job, Cancel for any other; each a CSRF-protected form that returns to {@code back}.
 *
 * @param idPath the job id, URL-encoded for the form's action
 */
public record JobActions(String idPath, String back, boolean dead) {

    static JobActions forDead(String id, String back) {
        return new JobActions(JobRows.path(id), back, true);
    }

    static JobActions forLive(String id, String back) {
        return new JobActions(JobRows.path(id), back, false);
    }
}
