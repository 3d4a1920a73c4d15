package dev.deckhand.mail;

import io.jstach.jstache.JStache;
import io.jstach.jstache.JStacheConfig;
import io.jstach.jstachio.escapers.PlainText;

import java.util.Optional;

/**
 * "Please reconnect your account" ({@code deckhand/mail/reconnect.*}): {@code reason} completes
 * "Deckhand can no longer use your connected account (ACCOUNT): ...", {@code url} is the site's
 * home page when the site URL is known.
 */
public record ReconnectMail(String name, String account, String reason, Optional<String> url) implements Mail {

    /** The kind in {@code mail.send}'s arguments and the templates' base name. */
    public static final String KIND = "reconnect";

    @JStache(path = KIND + ".subject.txt", name = "ReconnectMailSubjectRenderer")
    @JStacheConfig(contentType = PlainText.class)
    record Subject(ReconnectMail mail) {
    }

    @JStache(path = KIND + ".txt", name = "ReconnectMailTextRenderer")
    @JStacheConfig(contentType = PlainText.class)
    record Text(ReconnectMail mail) {
    }

    @JStache(path = KIND + ".html", name = "ReconnectMailHtmlRenderer")
    record Html(ReconnectMail mail) {
    }

    @Override
    public String subject() {
        return ReconnectMailSubjectRenderer.of().execute(new Subject(this));
    }

    @Override
    public String text() {
        return ReconnectMailTextRenderer.of().execute(new Text(this));
    }

    @Override
    public String html() {
        return ReconnectMailHtmlRenderer.of().execute(new Html(this));
    }
}
