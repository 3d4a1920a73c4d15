package dev.deckhand.system;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: every identifier that is not a function, an
 * aggregation, a keyword, a label (inside {@code {...}}, or a {@code by/without/on/ignoring/
 * group_left/group_right (...)} list), a string, a duration or a number. Enough for the queries
 * in deploy/observability (alerts and dashboard), which it is used to check against the names the
 * proctypes really export; not a PromQL parser.
 */
final class PromQlMetricNames {

    private static final Set<String> NOT_METRICS = Set.of(
            "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
            "group", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
            "offset", "rate", "irate", "increase", "delta", "idelta", "deriv", "absent", "absent_over_time",
            "histogram_quantile", "time", "vector", "scalar", "clamp_min", "clamp_max", "abs", "ceil", "floor", "round",
            "label_replace", "label_join", "sort", "sort_desc", "avg_over_time", "max_over_time", "min_over_time",
            "sum_over_time", "count_over_time", "last_over_time", "changes", "resets", "timestamp", "inf", "nan");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern BRACES = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LISTS = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private PromQlMetricNames() {
    }

    static Set<String> of(String expr) {
        String s = STRINGS.matcher(expr).replaceAll("\"\"");
        s = BRACES.matcher(s).replaceAll("{}");
        s = RANGES.matcher(s).replaceAll("[]");
        s = LABEL_LISTS.matcher(s).replaceAll("$1()");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group(1);
            boolean call = m.group(2) != null;
            if (!call && !NOT_METRICS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
                names.add(id);
            }
        }
        return names;
    }
}
