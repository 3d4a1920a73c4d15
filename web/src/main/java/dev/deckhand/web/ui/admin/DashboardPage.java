package dev.deckhand.web.ui.admin;

import dev.deckhand.config.BuildInfo;
import dev.deckhand.web.ui.view.View;
import io.jstach.jstache.JStache;

import java.util.Optional;

/**
 * The admin dashboard ({@code views/admin/dashboard.mustache}): the release the web process runs
 * ({@link BuildInfo}), the status line of the last action, the charts (drawn by admin.js from the
 * JSON routes) and the {@link LiveSections} that admin.js refreshes every 2 s.
 *
 * @param flash the outcome of the action that redirected here, if any
 */
@JStache(path = "admin/dashboard")
public record DashboardPage(String version, String commit, Optional<String> flash, LiveSections live) implements View {
}
