package dev.deckhand.jobqueue.redis;

import java.util.concurrent.ThreadLocalRandom;

/** Job ids: time-ordered (base-36 millis) plus 64 random bits; short, URL-safe, unguessable enough for ids. */
public final class JobIds {

    private JobIds() {
    }

    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toUnsignedString(r.nextLong(), 36);
    }
}
