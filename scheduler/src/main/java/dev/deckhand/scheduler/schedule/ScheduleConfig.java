package dev.deckhand.scheduler.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.quartz.CronExpression;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effective schedules: the built-ins of {@code deckhand/scheduler/schedules.json}, overridden
 * per deploy by {@code CRON_SCHEDULE}, a JSON object of the same shape:
 *
 * <pre>{"credentials-sweep": {"cron": "0 *&#47;5 * * * ?"}, "jobs-purge": null,
 *  "report-mail": {"cron": "0 0 6 * * ?", "type": "reports.mail", "queue": "default"}}</pre>
 *
 * <ul>
 * <li>a built-in name with an object overrides only the fields given;</li>
 * <li>{@code null} (or {@code "enabled": false}) disables a schedule;</li>
 * <li>a new name must give {@code cron}, {@code type} and {@code queue};
 *     {@code enabled} defaults to true and {@code misfire} to {@code fire-once-now}.</li>
 * </ul>
 * Every problem is reported at once, each naming its entry; an unknown name with {@code null} is
 * an error too (most likely a typo that would leave the intended schedule running).
 */
public final class ScheduleConfig {

    public static final String VARIABLE = dev.deckhand.config.SettingsCatalog.CRON_SCHEDULE.name();
    static final String BUILT_INS = "deckhand/scheduler/schedules.json";
    private static final Set<String> FIELDS = Set.of("cron", "type", "queue", "enabled", "misfire");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduleConfig() {
    }

    /**
     * Built-ins from the class path, overridden by {@code cronSchedule} (null or blank: none).
     * Disabled schedules are in the list with {@code enabled() == false}.
     *
     * @throws ScheduleConfigException naming every bad entry
     */
    public static List<Schedule> resolve(String cronSchedule) {
        return resolve(builtIns(), cronSchedule);
    }

    public static List<Schedule> resolve(String builtInJson, String cronSchedule) {
        List<String> problems = new ArrayList<>();
        Map<String, ObjectNode> builtIn = objects(builtInJson, "built-in schedules", problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(BUILT_INS + ": " + problems);
        }
        Map<String, JsonNode> merged = new LinkedHashMap<>(builtIn);
        if (cronSchedule != null && !cronSchedule.isBlank()) {
            JsonNode overrides = parse(cronSchedule, problems);
            if (overrides != null && !overrides.isObject()) {
                problems.add("expected a JSON object of schedule name -> {cron, type, queue, enabled, misfire} or null");
            } else if (overrides != null) {
                overrides.fields().forEachRemaining(e -> merge(merged, builtIn, e.getKey(), e.getValue(), problems));
            }
        }
        List<Schedule> schedules = new ArrayList<>();
        merged.forEach((name, node) -> {
            if (node != null && !node.isNull()) {
                Schedule s = toSchedule(name, (ObjectNode) node, problems);
                if (s != null) {
                    schedules.add(s);
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new ScheduleConfigException(problems);
        }
        return List.copyOf(schedules);
    }

    private static void merge(Map<String, JsonNode> merged, Map<String, ObjectNode> builtIn, String name,
                              JsonNode override, List<String> problems) {
        ObjectNode base = builtIn.get(name);
        if (override.isNull()) {
            if (base == null) {
                problems.add(entry(name) + "is not a built-in schedule, so null disables nothing (built-ins: "
                        + String.join(", ", builtIn.keySet()) + ")");
            }
            merged.put(name, base == null ? null : base.deepCopy().put("enabled", false));
            return;
        }
        if (!override.isObject()) {
            problems.add(entry(name) + "expected an object {cron, type, queue, enabled, misfire} or null");
            return;
        }
        if (!name.matches("[a-z0-9][a-z0-9_.-]{0,99}")) {
            problems.add(entry(name) + "names are lowercase letters, digits, '.', '_' and '-'");
            return;
        }
        for (Iterator<String> it = override.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                problems.add(entry(name) + "unknown field '" + field + "' (allowed: cron, type, queue, enabled, misfire)");
            }
        }
        if (base == null) {
            for (String required : List.of("cron", "type", "queue")) {
                if (!override.hasNonNull(required)) {
                    problems.add(entry(name) + "is not a built-in schedule, so it needs a full definition: '"
                            + required + "' is missing");
                }
            }
        }
        ObjectNode result = base == null ? JSON.createObjectNode() : base.deepCopy();
        result.setAll((ObjectNode) override);
        merged.put(name, result);
    }

    private static Schedule toSchedule(String name, ObjectNode node, List<String> problems) {
        int before = problems.size();
        String cron = text(name, node, "cron", problems);
        String type = text(name, node, "type", problems);
        String queue = text(name, node, "queue", problems);
        if (cron != null) {
            try {
                CronExpression.validateExpression(cron);
            } catch (ParseException e) {
                problems.add(entry(name) + "bad cron expression '" + cron + "' (" + e.getMessage()
                        + "; Quartz syntax with seconds, e.g. \"0 * * * * ?\")");
            }
        }
        if (queue != null && !queue.matches("[a-z0-9][a-z0-9_-]*")) {
            problems.add(entry(name) + "bad queue name '" + queue + "'");
        }
        boolean enabled = true;
        if (node.has("enabled")) {
            if (node.get("enabled").isBoolean()) {
                enabled = node.get("enabled").booleanValue();
            } else {
                problems.add(entry(name) + "'enabled' must be true or false");
            }
        }
        MisfirePolicy misfire = MisfirePolicy.FIRE_ONCE_NOW;
        if (node.hasNonNull("misfire")) {
            String value = node.get("misfire").asText();
            misfire = MisfirePolicy.fromConfig(value).orElse(null);
            if (misfire == null) {
                problems.add(entry(name) + "'misfire' must be fire-once-now or do-nothing (got '" + value + "')");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Schedule(name, cron, type, queue, enabled, misfire);
    }

    private static String text(String name, ObjectNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null; // reported by merge() for new entries; built-ins always have it
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(entry(name) + "'" + field + "' must be a non-empty string");
            return null;
        }
        return value.asText().strip();
    }

    private static Map<String, ObjectNode> objects(String json, String what, List<String> problems) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        JsonNode root = parse(json, problems);
        if (root != null && root.isObject()) {
            root.fields().forEachRemaining(e -> out.put(e.getKey(), (ObjectNode) e.getValue()));
        } else if (root != null) {
            problems.add(what + " must be a JSON object");
        }
        return out;
    }

    private static JsonNode parse(String json, List<String> problems) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            problems.add("not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return null;
        }
    }

    private static String entry(String name) {
        return "entry '" + name + "': ";
    }

    static String builtIns() {
        try (InputStream in = ScheduleConfig.class.getClassLoader().getResourceAsStream(BUILT_INS)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource " + BUILT_INS);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
