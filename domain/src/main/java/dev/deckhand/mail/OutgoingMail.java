package dev.deckhand.mail;

import java.util.List;

/**
 * One rendered mail: recipients, subject, a plain-text and an HTML body. Built only from
 * templates and ids/names (never tokens or secrets).
 */
public record OutgoingMail(List<String> to, String subject, String text, String html) {

    public OutgoingMail {
        to = List.copyOf(to);
    }
}
