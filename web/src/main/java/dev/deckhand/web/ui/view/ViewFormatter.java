package dev.deckhand.web.ui.view;

import io.jstach.jstache.JStacheFormatter;
import io.jstach.jstache.JStacheFormatterTypes;
import io.jstach.jstachio.Formatter;
import io.jstach.jstachio.formatters.DefaultFormatter;

import java.util.UUID;

/**
 * How template values become text: jstachio's default formatter (strings, numbers, booleans; a
 * null value throws instead of printing nothing), plus {@link UUID}s, which the pages show as ids.
 * Any other type in a {@code {{value}}} fails the build: format it in the record instead.
 */
@JStacheFormatter
@JStacheFormatterTypes(types = UUID.class)
public final class ViewFormatter {

    private ViewFormatter() {
    }

    public static Formatter provider() {
        return DefaultFormatter.provider();
    }
}
