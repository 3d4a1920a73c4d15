package dev.deckhand.web.ui.view;

import dev.deckhand.web.ui.assets.StaticAssets;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The old renderer, kept only for the admin pages not yet converted to typed {@link View}s
 * (issue #19; new pages never use it). Logic-less HTML templates from {@code views/<name>.html}
 * on the class path. The only syntax:
 * <ul>
 *   <li>{@code {{key}}}: the model value, HTML-escaped unless it is {@link Html.Safe};</li>
 *   <li>{@code {{asset:app.css}}}: the fingerprinted URL of a static asset.</li>
 * </ul>
 * A key missing from the model is an error, not an empty string, so a typo cannot silently blank
 * part of a page. Loops and conditionals live in Java (render a row template per item and join
 * the results into a {@link Html.Safe}). Templates are parsed once and cached.
 */
@Singleton
public class Templates {

    private static final Pattern TAG = Pattern.compile("\\{\\{(asset:)?([A-Za-z0-9_./-]+)}}");

    private final StaticAssets assets;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public Templates(StaticAssets assets) {
        this.assets = assets;
    }

    public Html.Safe render(String name, Map<String, ?> model) {
        String template = cache.computeIfAbsent(name, Templates::load);
        Matcher m = TAG.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = Html.escape(assets.url(m.group(2)));
            } else {
                if (!model.containsKey(m.group(2))) {
                    throw new IllegalArgumentException("template " + name + " needs '" + m.group(2) + "'");
                }
                Object v = model.get(m.group(2));
                replacement = v instanceof Html.Safe safe ? safe.html() : Html.escape(v);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return Html.safe(out.toString());
    }

    /** The fingerprinted URL of a static asset. */
    public String assetUrl(String logicalName) {
        return assets.url(logicalName);
    }

    /** Renders {@code name} once per model and concatenates the results. */
    public Html.Safe each(String name, Iterable<? extends Map<String, ?>> models) {
        StringBuilder out = new StringBuilder();
        for (Map<String, ?> model : models) {
            out.append(render(name, model).html());
        }
        return Html.safe(out.toString());
    }

    private static String load(String name) {
        String resource = "views/" + name + ".html";
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
