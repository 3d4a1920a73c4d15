package dev.deckhand.mail;

import java.util.List;

/**
 * One kind of mail: a record of the values it shows (names, ids, statuses and the site link;
 * never tokens or secrets), bound at compile time to three templates under
 * {@code deckhand/mail/}: {@code KIND.subject.txt} and {@code KIND.txt} (plain text, values as
 * they are) and {@code KIND.html} (values HTML-escaped by the engine; the link is a template
 * section, no markup is built in Java). Each record's nested {@code Subject}, {@code Text} and
 * {@code Html} records carry the {@code @JStache} annotations; the templates see the mail as
 * {@code mail}.
 */
public sealed interface Mail permits RunFinishedMail, ReconnectMail, DeadSetGrowthMail {

    /** The subject template rendered; {@link #to} puts it on one line. */
    String subject();

    /** The plain-text body. */
    String text();

    /** The HTML body (a whole document). */
    String html();

    /** This mail addressed to {@code recipients}; line breaks in the subject's values become spaces. */
    default OutgoingMail to(List<String> recipients) {
        return new OutgoingMail(recipients, subject().replaceAll("[\\r\\n]+", " ").strip(), text(), html());
    }
}
