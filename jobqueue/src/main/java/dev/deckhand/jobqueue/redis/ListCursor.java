package dev.deckhand.jobqueue.redis;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of an admin job list: the queue being read and the position in it (the last
 * scanned entry's score and id for sorted sets, the count of entries read for the ready list).
 * Encoded URL-safe; a cursor that does not decode is treated as the start (never an error page).
 */
record ListCursor(String queue, String score, String id) {

    static final ListCursor START = new ListCursor("", "", "");

    String encode() {
        String raw = queue + "\n" + score + "\n" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ListCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return START;
        }
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
            return p.length == 3 ? new ListCursor(p[0], p[1], p[2]) : START;
        } catch (IllegalArgumentException e) {
            return START;
        }
    }
}
