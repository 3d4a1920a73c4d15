package dev.deckhand.config;

import dev.deckhand.config.net.Cidr;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a variable's text becomes a typed value, and what an empty value means. For scalars an
 * empty value means "use the catalogue default" (as it always did); for lists an empty value is
 * the empty list, so {@code ADMIN_API_ALLOWED_SUBNETS=} still means "nobody", not the default.
 * Parsing assumes the value passed {@link SettingDefinition#check()}: validation runs at boot,
 * before any typed value is read.
 *
 * @param <T> the Java type consumers get
 */
public final class SettingType<T> {

    /** Free text, stripped of surrounding blanks only where the old getters did (not at all). */
    public static final SettingType<String> TEXT = new SettingType<>("text", v -> v, true);
    public static final SettingType<Integer> INTEGER = new SettingType<>("integer", v -> Integer.parseInt(v.strip()), true);
    /** true/1/yes/on or false/0/no/off, as {@code ValueChecks.bool()} accepts. */
    public static final SettingType<Boolean> BOOLEAN = new SettingType<>("boolean", ResolvedSettings::parseBoolean, true);
    public static final SettingType<Double> DECIMAL = new SettingType<>("decimal", v -> Double.parseDouble(v.strip()), true);
    /** Comma-separated items, each stripped, blanks dropped; empty means the empty list. */
    public static final SettingType<List<String>> LIST = new SettingType<>("list",
            v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(), false);
    /** Comma-separated IPv4/IPv6 addresses or CIDRs; empty means the empty list. */
    public static final SettingType<List<Cidr>> CIDRS = new SettingType<>("CIDR list",
            v -> List.copyOf(Cidr.parseList(v)), false);

    /** Queues with concurrency, {@code default=10,short=20} ({@link QueueSettings#parseQueues}); empty means none. */
    public static final SettingType<Map<String, Integer>> QUEUES = new SettingType<>("queue list",
            QueueSettings::parseQueues, false);

    private final String label;
    private final Function<String, T> parser;
    private final boolean emptyMeansDefault;

    private SettingType(String label, Function<String, T> parser, boolean emptyMeansDefault) {
        this.label = label;
        this.parser = parser;
        this.emptyMeansDefault = emptyMeansDefault;
    }

    /** The typed value of a non-empty text. */
    public T parse(String text) {
        return parser.apply(text);
    }

    /** True when an empty value falls back to the catalogue default; false when it is a value. */
    public boolean emptyMeansDefault() {
        return emptyMeansDefault;
    }

    @Override
    public String toString() {
        return label;
    }
}
