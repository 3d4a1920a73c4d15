package dev.deckhand.config;

import java.util.Optional;
import java.util.Set;

/**
 * One per-deploy variable: its name, what it means, whether it is secret, and how to check it.
 * The catalogue of these is the single source of truth for validation, the redacted report and
 * the README's variable table.
 *
 * @param name         environment variable name
 * @param description  one line for operators
 * @param kind         how the value is redacted in reports
 * @param requiredIn   environments in which an empty value is an error
 * @param check        returns a human message when the (non-empty) value is malformed
 */
public record SettingDefinition(String name, String description, Kind kind, Set<String> requiredIn,
                                ValueCheck check) {

    /** How a value is shown in the redacted report. */
    public enum Kind { PLAIN, SECRET, URL_WITH_CREDENTIALS }

    /** Validates a single non-empty value in the context of all resolved settings. */
    @FunctionalInterface
    public interface ValueCheck {
        Optional<String> problem(String value, ResolvedSettings all);

        ValueCheck NONE = (v, all) -> Optional.empty();
    }

    public boolean secret() {
        return kind == Kind.SECRET;
    }
}
