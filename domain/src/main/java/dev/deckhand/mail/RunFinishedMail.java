package dev.deckhand.mail;

import io.jstach.jstache.JStache;
import io.jstach.jstache.JStacheConfig;
import io.jstach.jstachio.escapers.PlainText;

import java.util.Optional;

/**
 * "Your run of PLAN finished/failed" ({@code deckhand/mail/run-finished.*}): {@code outcome} is
 * {@code finished} or {@code failed}, {@code url} the run's page when the site URL is known.
 */
public record RunFinishedMail(String name, String plan, String product, String version, String status,
                              String outcome, String runId, Optional<String> url) implements Mail {

    /** The kind in {@code mail.send}'s arguments and the templates' base name. */
    public static final String KIND = "run-finished";

    @JStache(path = KIND + ".subject.txt", name = "RunFinishedMailSubjectRenderer")
    @JStacheConfig(contentType = PlainText.class)
    record Subject(RunFinishedMail mail) {
    }

    @JStache(path = KIND + ".txt", name = "RunFinishedMailTextRenderer")
    @JStacheConfig(contentType = PlainText.class)
    record Text(RunFinishedMail mail) {
    }

    @JStache(path = KIND + ".html", name = "RunFinishedMailHtmlRenderer")
    record Html(RunFinishedMail mail) {
    }

    @Override
    public String subject() {
        return RunFinishedMailSubjectRenderer.of().execute(new Subject(this));
    }

    @Override
    public String text() {
        return RunFinishedMailTextRenderer.of().execute(new Text(this));
    }

    @Override
    public String html() {
        return RunFinishedMailHtmlRenderer.of().execute(new Html(this));
    }
}
