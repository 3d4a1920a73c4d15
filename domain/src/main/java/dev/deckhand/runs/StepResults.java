package dev.deckhand.runs;

import dev.deckhand.steps.StepOutcome;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results JSON shared by preflights and jobs: {"<step id>": {"status": "ok", "message": "...",
 * "started_at": "...", "finished_at": "..."}} (the times are absent in results recorded before
 * they were kept, and for steps that never ran).
 */
@Singleton
public class StepResults {

    private static final Argument<Map<String, Map<String, Object>>> RESULTS =
            Argument.mapOf(Argument.STRING, Argument.mapOf(String.class, Object.class));
    private final JsonMapper json;

    public StepResults(JsonMapper json) {
        this.json = json;
    }

    public String patch(Object stepId, StepOutcome outcome) {
        try {
            return json.writeValueAsString(Map.of(String.valueOf(stepId),
                    Map.of("status", outcome.status().wire(), "message", outcome.message())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A step's result with when it started and finished (the run page shows the duration). */
    public String patch(Object stepId, StepOutcome outcome, java.time.Instant started, java.time.Instant finished) {
        try {
            return json.writeValueAsString(Map.of(String.valueOf(stepId), Map.of("status", outcome.status().wire(),
                    "message", outcome.message(), "started_at", started.toString(), "finished_at", finished.toString())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How long a recorded step took, when its result has both times. */
    public static java.util.Optional<java.time.Duration> duration(Map<String, Object> result) {
        try {
            Object a = result.get("started_at");
            Object b = result.get("finished_at");
            return a == null || b == null ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.between(
                    java.time.Instant.parse(a.toString()), java.time.Instant.parse(b.toString())));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    public Map<String, Map<String, Object>> parse(String results) {
        try {
            return results == null || results.isBlank() ? Map.of() : json.readValue(results, RESULTS);
        } catch (IOException e) {
            throw new IllegalStateException("stored results are not valid JSON", e);
        }
    }

    public boolean anyError(String results) {
        return parse(results).values().stream().anyMatch(StepResults::isError);
    }

    /** The results without the steps that ended in error, in their order (a retry runs those again). */
    public Map<String, Map<String, Object>> withoutErrors(String results) {
        Map<String, Map<String, Object>> kept = new LinkedHashMap<>(parse(results));
        kept.values().removeIf(StepResults::isError);
        return kept;
    }

    public String write(Map<String, Map<String, Object>> results) {
        try {
            return json.writeValueAsString(results);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isError(Map<String, Object> result) {
        return "error".equals(result.get("status"));
    }
}
