package dev.deckhand.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JVM tuning properties: knobs that are not per-deploy variables (so not in {@link SettingsCatalog},
 * the report or the README) but that tests and operators may set with {@code -Dname=value}. Each
 * is declared once here (name, default, meaning, type) and read through its constant, never by a
 * {@code System.getProperty} or {@code @Value} of its own elsewhere (SettingsReadThroughCatalogueTest).
 * A blank value means the default.
 */
public final class JvmTuning {

    /** One tuning property; {@link #value()} reads the JVM's system properties. */
    public record Property<T>(String name, String defaultValue, String description, Function<String, T> parser) {

        public T value() {
            return valueOf(System.getProperty(name));
        }

        /** The typed value of {@code text}, the default when it is null or blank. */
        public T valueOf(String text) {
            String t = Optional.ofNullable(text).map(String::strip).filter(s -> !s.isEmpty()).orElse(defaultValue);
            try {
                return parser.apply(t);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": cannot read '" + t + "': " + e.getMessage(), e);
            }
        }
    }

    public static final Property<Duration> SCHEDULER_CHECKIN_INTERVAL = new Property<>(
            "deckhand.scheduler.checkin-interval", "2s",
            "how often a scheduler replica checks in to the Quartz cluster", JvmTuning::duration);
    public static final Property<Integer> SCHEDULER_THREADS = new Property<>("deckhand.scheduler.threads", "4",
            "Quartz threads that run firings (each only enqueues a job)", Integer::parseInt);
    public static final Property<Duration> SCHEDULER_IDLE_WAIT = new Property<>("deckhand.scheduler.idle-wait", "10s",
            "how long Quartz waits for the next trigger when none is due", JvmTuning::duration);
    public static final Property<Duration> SCHEDULER_MISFIRE_THRESHOLD = new Property<>(
            "deckhand.scheduler.misfire-threshold", "60s",
            "how late a firing may be before its schedule's misfire policy applies", JvmTuning::duration);
    /** Anything but {@code false} keeps virtual threads (JDK 21+), as it always did. */
    public static final Property<Boolean> JOBQUEUE_VIRTUAL_THREADS = new Property<>(
            "deckhand.jobqueue.virtual-threads", "true",
            "false forces platform threads for job attempts even on JDK 21+", v -> !"false".equalsIgnoreCase(v));

    public static final List<Property<?>> ALL = List.of(SCHEDULER_CHECKIN_INTERVAL, SCHEDULER_THREADS,
            SCHEDULER_IDLE_WAIT, SCHEDULER_MISFIRE_THRESHOLD, JOBQUEUE_VIRTUAL_THREADS);

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private JvmTuning() {
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT2S}), as Micronaut read them. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Duration.parse(text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
