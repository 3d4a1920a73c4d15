package dev.deckhand.web.ui.view;

import io.jstach.jstachio.JStachio;

/**
 * A page or fragment: a record annotated {@code @JStache(path = "NAME")} whose template is
 * {@code src/main/resources/views/NAME.mustache}. jstachio-apt compiles the template against the
 * record when the module compiles, so a name the record lacks fails the build, not a request.
 * {@code {{value}}} is HTML-escaped; {@code {{{value}}}} (unescaped) is for {@link Html.Safe}
 * fragments only. Every model implements this interface ({@link ViewConfig} makes jstachio-apt
 * check it), so a page is rendered the same way everywhere.
 */
public interface View {

    /** This model rendered through its template. */
    default Html.Safe render() {
        return Html.safe(JStachio.render(this));
    }
}
