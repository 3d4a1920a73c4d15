package dev.deckhand.steps;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The registry of StepKind beans, and the JSON config parsing they share. */
@Singleton
public class StepKinds {

    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);
    private final List<StepKind> kinds;
    private final JsonMapper json;

    public StepKinds(List<StepKind> kinds, JsonMapper json) {
        this.kinds = kinds;
        this.json = json;
    }

    public Optional<StepKind> find(String name) {
        return kinds.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        kinds.forEach(k -> names.add(k.name()));
        return names;
    }

    public Map<String, Object> parse(String config) {
        try {
            return config == null || config.isBlank() ? Map.of() : json.readValue(config, OBJECT);
        } catch (IOException e) {
            throw new IllegalArgumentException("step config is not a JSON object");
        }
    }

    /** Validates kind and config; returns the normalised JSON text to store. */
    public String validate(String kind, Map<String, Object> config) {
        StepKind k = find(kind).orElseThrow(() -> new IllegalArgumentException("unknown step kind '" + kind
                + "'; known: " + names()));
        Map<String, Object> c = config == null ? Map.of() : config;
        k.validate(c);
        try {
            return json.writeValueAsString(c);
        } catch (IOException e) {
            throw new IllegalArgumentException("step config is not serialisable");
        }
    }
}
