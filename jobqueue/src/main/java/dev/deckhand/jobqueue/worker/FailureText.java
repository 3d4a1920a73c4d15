package dev.deckhand.jobqueue.worker;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;

/**
 * The reason and stack trace stored with a failed job (dead set, retry history): bounded in
 * size, and with credentials in URLs ({@code scheme://user:password@host}) masked, since
 * exception messages of drivers and HTTP clients often quote the URL they used.
 */
final class FailureText {

    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)[^/@\\s:]+:[^/@\\s]+@");
    static final int MAX_REASON = 1000;
    static final int MAX_STACK = 8000;

    private FailureText() {
    }

    static String reason(Throwable t) {
        return clean(t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()), MAX_REASON);
    }

    static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return clean(sw.toString(), MAX_STACK);
    }

    static String clean(String s, int max) {
        String masked = URL_CREDENTIALS.matcher(s).replaceAll("***:***@");
        return masked.length() <= max ? masked : masked.substring(0, max) + "...";
    }
}
