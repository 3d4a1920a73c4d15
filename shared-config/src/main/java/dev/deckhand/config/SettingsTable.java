package dev.deckhand.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Prints the README's variable table (name, required in, default, meaning) from the catalogue
 * and the base layer: {@code java -cp shared-config/target/classes dev.deckhand.config.SettingsTable}.
 */
public final class SettingsTable {

    private SettingsTable() {
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }

    public static String markdown() {
        Map<String, String> base = base();
        StringBuilder out = new StringBuilder("| Variable | Required in | Default (base layer) | Meaning |\n|---|---|---|---|\n");
        for (SettingDefinition d : SettingsCatalog.all()) {
            String required = d.requiredIn().isEmpty() ? "no"
                    : d.requiredIn().size() == SettingsLoader.ENVIRONMENTS.size() ? "all (local/test have defaults)"
                    : String.join(", ", new java.util.TreeSet<>(d.requiredIn()));
            String def = base.getOrDefault(d.name(), "");
            out.append("| `").append(d.name()).append("` | ").append(required).append(" | ")
                    .append(def.isEmpty() ? "" : "`" + def + "`").append(" | ")
                    .append(d.description().replace("|", "\\|")).append(d.secret() ? " (secret)" : "").append(" |\n");
        }
        return out.toString();
    }

    private static Map<String, String> base() {
        try (InputStream in = SettingsTable.class.getClassLoader().getResourceAsStream("deckhand/settings/base.env")) {
            return DotenvParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "base.env");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
