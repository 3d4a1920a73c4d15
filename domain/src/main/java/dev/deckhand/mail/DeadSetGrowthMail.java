package dev.deckhand.mail;

import io.jstach.jstache.JStache;
import io.jstach.jstache.JStacheConfig;
import io.jstach.jstachio.escapers.PlainText;

import java.util.Optional;

/**
 * The operators' alert that the dead set grew from {@code previous} to {@code dead} jobs
 * ({@code deckhand/mail/dead-set-growth.*}); {@code interval} is the least time between two
 * alerts, in words; {@code url} the admin dashboard when the site URL is known.
 */
public record DeadSetGrowthMail(long previous, long dead, String interval, Optional<String> url) implements Mail {

    /** The kind in {@code mail.send}'s arguments and the templates' base name. */
    public static final String KIND = "dead-set-growth";

    @JStache(path = KIND + ".subject.txt", name = "DeadSetGrowthMailSubjectRenderer")
    @JStacheConfig(contentType = PlainText.class)
    record Subject(DeadSetGrowthMail mail) {
    }

    @JStache(path = KIND + ".txt", name = "DeadSetGrowthMailTextRenderer")
    @JStacheConfig(contentType = PlainText.class)
    record Text(DeadSetGrowthMail mail) {
    }

    @JStache(path = KIND + ".html", name = "DeadSetGrowthMailHtmlRenderer")
    record Html(DeadSetGrowthMail mail) {
    }

    @Override
    public String subject() {
        return DeadSetGrowthMailSubjectRenderer.of().execute(new Subject(this));
    }

    @Override
    public String text() {
        return DeadSetGrowthMailTextRenderer.of().execute(new Text(this));
    }

    @Override
    public String html() {
        return DeadSetGrowthMailHtmlRenderer.of().execute(new Html(this));
    }
}
