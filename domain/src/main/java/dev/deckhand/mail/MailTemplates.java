package dev.deckhand.mail;

import dev.deckhand.text.HtmlEscape;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a mail from {@code deckhand/mail/<name>.txt} (first line {@code Subject: ...}, a blank
 * line, then the text body) and {@code deckhand/mail/<name>.html} (the HTML body). {@code {{key}}}
 * is replaced by the value: as is in the text body, HTML-escaped in the HTML body (except keys
 * ending in {@code _html}, which callers build from escaped parts), on one line in the subject. A placeholder without a value is an error, so a template and its caller cannot
 * drift silently. Values are names, ids and statuses: callers never pass tokens or secrets.
 */
@Singleton
public class MailTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
    private final Map<String, String> sources = new ConcurrentHashMap<>();

    public OutgoingMail render(String name, List<String> to, Map<String, String> values) {
        String text = source(name + ".txt");
        if (!text.startsWith("Subject: ") || !text.contains("\n\n")) {
            throw new IllegalStateException("deckhand/mail/" + name + ".txt must start with 'Subject: ...' and a blank line");
        }
        int split = text.indexOf("\n\n");
        String subject = fill(text.substring("Subject: ".length(), split), values,
                (k, v) -> v.replaceAll("[\\r\\n]+", " "));
        String body = fill(text.substring(split + 2), values, (k, v) -> v);
        String html = fill(source(name + ".html"), values, (k, v) -> k.endsWith("_html") ? v : HtmlEscape.escape(v));
        return new OutgoingMail(to, subject.strip(), body, html);
    }

    private static String fill(String template, Map<String, String> values,
                                 java.util.function.BinaryOperator<String> encode) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(encode.apply(m.group(1), value)));
        }
        return m.appendTail(out).toString();
    }

    private String source(String file) {
        return sources.computeIfAbsent(file, f -> {
            try (InputStream in = MailTemplates.class.getClassLoader().getResourceAsStream("deckhand/mail/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("missing mail template deckhand/mail/" + f);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
