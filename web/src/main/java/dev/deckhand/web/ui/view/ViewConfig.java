package dev.deckhand.web.ui.view;

import io.jstach.jstache.JStacheConfig;
import io.jstach.jstache.JStacheInterfaces;
import io.jstach.jstache.JStachePath;
import io.jstach.jstachio.escapers.Html;

/**
 * The one jstachio configuration of the UI, applied by each UI package's {@code package-info.java}
 * ({@code @JStacheConfig(using = ViewConfig.class)}): templates are
 * {@code views/<path>.mustache} on the class path (partials too), output is HTML-escaped, values
 * are formatted by {@link ViewFormatter} (null is an error, never a blank), and every model must
 * implement {@link View}.
 */
@JStacheConfig(
        pathing = @JStachePath(prefix = "views/", suffix = ".mustache"),
        contentType = Html.class,
        formatter = ViewFormatter.class,
        interfacing = @JStacheInterfaces(modelImplements = View.class))
public final class ViewConfig {

    private ViewConfig() {
    }
}
