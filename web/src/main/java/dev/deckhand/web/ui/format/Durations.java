package dev.deckhand.web.ui.format;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Human-readable times for pages: absolute UTC and short relative forms ("in 12 s", "3 min ago"). */
public final class Durations {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Durations() {
    }

    public static String utc(Instant t) {
        return t == null ? "—" : UTC.format(t);
    }

    /** "12 s", "4 min", "2 h", "3 d". */
    public static String short_(Duration d) {
        long s = Math.abs(d.toSeconds());
        if (s < 1) {
            return Math.abs(d.toMillis()) + " ms";
        }
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172800) {
            return s / 3600 + " h";
        }
        return s / 86400 + " d";
    }

    /** A step's duration: "850 ms", "4.2 s", "3 min 5 s". Same words in run.js. */
    public static String step(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 120_000) {
            return (ms / 1000) + "." + (ms % 1000) / 100 + " s";
        }
        return ms / 60_000 + " min " + (ms % 60_000) / 1000 + " s";
    }

    /** Relative to now: "in 12 s" or "12 s ago"; "—" for null. */
    public static String relative(Instant t, Instant now) {
        if (t == null) {
            return "—";
        }
        Duration d = Duration.between(now, t);
        return d.isNegative() ? short_(d) + " ago" : "in " + short_(d);
    }
}
