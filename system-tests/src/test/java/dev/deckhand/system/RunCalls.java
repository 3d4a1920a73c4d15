package dev.deckhand.system;

import dev.deckhand.testing.AccountApiServer.Call;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account API's record of what runs did, for plans whose {@code http} steps call
 * {@code /runs/{{job_id}}/<step>}: which (run, step) pairs reached the API, and whether two
 * executions of one run ever overlapped in time (a run's steps are sequential, so any overlap means
 * two attempts of the run were executing at once, i.e. in two workers).
 */
final class RunCalls {

    private static final Pattern PATH = Pattern.compile("/runs/([0-9a-f-]{36})/([\\w-]+)");

    private RunCalls() {
    }

    /** Run id -> its calls in start order. */
    static Map<String, List<Call>> byRun(List<Call> calls) {
        Map<String, List<Call>> out = new TreeMap<>();
        for (Call c : calls) {
            Matcher m = PATH.matcher(c.path());
            if (m.matches()) {
                out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(c);
            }
        }
        out.values().forEach(l -> l.sort(Comparator.comparing(Call::started)));
        return out;
    }

    /** The step part of a call's path. */
    static String step(Call c) {
        Matcher m = PATH.matcher(c.path());
        return m.matches() ? m.group(2) : null;
    }

    /** One line per pair of calls of the same run whose times overlap. */
    static List<String> overlaps(Map<String, List<Call>> byRun) {
        List<String> out = new ArrayList<>();
        byRun.forEach((run, calls) -> {
            Call latest = null;
            for (Call c : calls) {
                if (latest != null && c.started().isBefore(latest.finished())) {
                    out.add("run " + run + ": " + describe(latest) + " overlaps " + describe(c));
                }
                if (latest == null || c.finished().isAfter(latest.finished())) {
                    latest = c;
                }
            }
        });
        return out;
    }

    /**
     * When a run stalled by a fault at {@code t} resumed: the first call started after {@code t}
     * that follows a silence of at least {@code gap} since the run's previous call (calls an old
     * attempt still made right after {@code t} do not count), or its first call at all if that came
     * after {@code t} (its queue job was lost before any worker took it); null if it never stalled.
     */
    static Instant resumedAfter(List<Call> calls, Instant t, java.time.Duration gap) {
        Instant previous = null;
        for (Call c : calls) {
            if (!c.started().isBefore(t) && (previous == null || c.started().isAfter(previous.plus(gap)))) {
                return c.started();
            }
            previous = previous == null || c.finished().isAfter(previous) ? c.finished() : previous;
        }
        return null;
    }

    private static String describe(Call c) {
        return c.method() + " " + c.path() + " [" + c.started() + " - " + c.finished() + "]";
    }
}
