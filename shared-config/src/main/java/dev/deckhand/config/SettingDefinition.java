package dev.deckhand.config;

import java.util.Optional;
import java.util.Set;

/**
 * One per-deploy variable, declared once: its name, type, base default, what it means, whether it
 * is secret, and how to check it. The catalogue of these ({@link SettingsCatalog}) is the single
 * source of truth for validation, typed reads ({@link ResolvedSettings#value}), the redacted
 * report, {@code base.env}, the README's variable table and the chart's settings; each of those
 * copies is generated from it or checked against it by a test.
 *
 * @param name         environment variable name
 * @param type         how the text becomes a typed value
 * @param baseDefault  the base layer's value ({@code base.env}); null when the base layer has none
 * @param description  one line for operators
 * @param kind         how the value is redacted in reports
 * @param requiredIn   environments in which an empty value is an error
 * @param check        returns a human message when the (non-empty) value is malformed
 * @param <T>          the Java type of the value
 */
public record SettingDefinition<T>(String name, SettingType<T> type, String baseDefault, String description,
                                   Kind kind, Set<String> requiredIn, ValueCheck check) {

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

    /** The base layer's value, if the base layer sets this variable (possibly to empty). */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(baseDefault);
    }
}
