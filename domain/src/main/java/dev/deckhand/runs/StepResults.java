package dev.deckhand.runs;

import dev.deckhand.steps.StepOutcome;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The results JSON shared by preflights and jobs: {"<step id>": {"status": "ok", "message": "..."}}. */
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
