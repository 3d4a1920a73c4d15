package dev.deckhand.web.ui.runs;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.UUID;

/**
 * The run page of a preflight or job ({@code views/runs/page.mustache}): heading, link back to the
 * product, and the {@link RunLive} region that run.js keeps current from {@code data-src}.
 *
 * @param kind  {@code job} or {@code preflight}
 * @param title "Job" or "Preflight"
 */
@JStache(path = "runs/page")
record RunPage(String kind, String title, UUID id, String plan, String productSlug, String product, RunLive live)
        implements View {

    /** The WebSocket topic of this run. */
    public String topic() {
        return kind + ":" + id;
    }
}
