package dev.deckhand.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses dotenv text: {@code KEY=value}, optional {@code export } prefix, {@code #} comments,
 * single quotes (literal) and double quotes (with \n, \" and \\ escapes). No interpolation:
 * a value means exactly what it says.
 */
public final class DotenvParser {

    private DotenvParser() {
    }

    public static Map<String, String> parse(String text, String sourceName) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(sourceName + " line " + (i + 1) + ": expected KEY=value");
            }
            String key = line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(sourceName + " line " + (i + 1) + ": invalid name '" + key + "'");
            }
            values.put(key, unquote(line.substring(eq + 1).strip(), sourceName, i + 1));
        }
        return values;
    }

    private static String unquote(String raw, String source, int line) {
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw new IllegalArgumentException(source + " line " + line + ": unterminated quote");
            }
            return raw.substring(1, end);
        }
        if (raw.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    char n = raw.charAt(++i);
                    out.append(n == 'n' ? '\n' : n);
                } else if (c == '"') {
                    return out.toString();
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException(source + " line " + line + ": unterminated quote");
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }
}
