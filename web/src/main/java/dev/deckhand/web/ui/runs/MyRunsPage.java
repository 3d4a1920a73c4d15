package dev.deckhand.web.ui.runs;

import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * "My runs" ({@code views/runs/mine.mustache}): the status filter, a row per job, a message when
 * there is none, and the "Older runs" link when there are more.
 */
@JStache(path = "runs/mine")
record MyRunsPage(List<Filter> filters, List<Row> rows, String emptyMessage, Optional<String> olderHref)
        implements View {

    /** A status filter option; the empty value is "all". */
    record Filter(String value, boolean selected) {

        public String label() {
            return value.isEmpty() ? "all" : value;
        }
    }

    /** @param plan "Product · Plan", or "(deleted plan)" */
    record Row(UUID id, String status, String plan, String started, String finished) {
    }
}
