package dev.deckhand.web.ui.admin;

/**
 * The pause/resume button of a queue or a schedule: the route's last segment and the label.
 */
public record PauseToggle(String action, String label) {

    private static final PauseToggle PAUSE = new PauseToggle("pause", "Pause");
    private static final PauseToggle RESUME = new PauseToggle("resume", "Resume");

    static PauseToggle of(boolean paused) {
        return paused ? RESUME : PAUSE;
    }
}
