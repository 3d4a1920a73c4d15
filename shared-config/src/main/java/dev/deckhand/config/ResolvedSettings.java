package dev.deckhand.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The effective settings of one process: every value with the layer that set it.
 * Immutable; produced by {@link SettingsLoader}.
 */
public final class ResolvedSettings {

    /** A value and the layer it came from. */
    public record Value(String value, SettingsLayer layer) {
    }

    private final String environment;
    private final String proctype;
    private final Path projectRoot;
    private final Map<String, Value> values;

    ResolvedSettings(String environment, String proctype, Path projectRoot, Map<String, Value> values) {
        this.environment = environment;
        this.proctype = proctype;
        this.projectRoot = projectRoot;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** local, test, staging or production. */
    public String environment() {
        return environment;
    }

    public boolean isProduction() {
        return "production".equals(environment);
    }

    /** staging and production: deploys that face real users get the strict checks. */
    public boolean isDeployed() {
        return "production".equals(environment) || "staging".equals(environment);
    }

    public String proctype() {
        return proctype;
    }

    /** Base directory for relative paths (MEDIA_ROOT, runtime dirs) and dotenv files. */
    public Path projectRoot() {
        return projectRoot;
    }

    /**
     * The typed value of a catalogue variable: what the layers set, else the catalogue's default
     * (an empty scalar means the default; an empty list is the empty list). Empty when a scalar
     * has neither.
     */
    public <T> Optional<T> find(SettingDefinition<T> setting) {
        Value v = values.get(setting.name());
        String text = v == null || v.value().isEmpty() && setting.type().emptyMeansDefault()
                ? setting.baseDefault() : v.value();
        if (text == null) {
            text = "";
        }
        return text.isEmpty() && setting.type().emptyMeansDefault() ? Optional.empty()
                : Optional.of(setting.type().parse(text));
    }

    /** As {@link #find}, for a variable that has a default or is required (validated at boot). */
    public <T> T value(SettingDefinition<T> setting) {
        return find(setting).orElseThrow(() -> new IllegalStateException(setting.name() + " is not set"));
    }

    /** A path variable resolved against {@link #projectRoot()}. */
    public Path path(SettingDefinition<String> setting) {
        Path p = Path.of(value(setting));
        return p.isAbsolute() ? p : projectRoot.resolve(p).normalize();
    }

    // String-keyed reads stay inside the config module (validation across variables); everything
    // else reads through a SettingsCatalog constant.
    Optional<String> get(String name) {
        Value v = values.get(name);
        return v == null || v.value().isEmpty() ? Optional.empty() : Optional.of(v.value());
    }

    String getOr(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    public Optional<SettingsLayer> layerOf(String name) {
        return Optional.ofNullable(values.get(name)).map(Value::layer);
    }

    /** Every name that has a value, with its origin, sorted. */
    public Map<String, Value> all() {
        return values;
    }

    static boolean parseBoolean(String v) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off", "" -> false;
            default -> throw new IllegalArgumentException("expected true or false (got '" + v + "')");
        };
    }
}
