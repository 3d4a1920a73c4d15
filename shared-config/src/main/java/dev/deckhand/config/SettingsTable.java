package dev.deckhand.config;

/**
 * Prints the README's variable table (name, required in, default, meaning) from the catalogue
 * (defaults included): {@code java -cp shared-config/target/classes dev.deckhand.config.SettingsTable}.
 */
public final class SettingsTable {

    private SettingsTable() {
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder("| Variable | Required in | Default (base layer) | Meaning |\n|---|---|---|---|\n");
        for (SettingDefinition<?> d : SettingsCatalog.all()) {
            String required = d.requiredIn().isEmpty() ? "no"
                    : d.requiredIn().size() == SettingsLoader.ENVIRONMENTS.size() ? "all (local/test have defaults)"
                    : String.join(", ", new java.util.TreeSet<>(d.requiredIn()));
            String def = d.defaultValue().orElse("");
            out.append("| `").append(d.name()).append("` | ").append(required).append(" | ")
                    .append(def.isEmpty() ? "" : "`" + def + "`").append(" | ")
                    .append(d.description().replace("|", "\\|")).append(d.secret() ? " (secret)" : "").append(" |\n");
        }
        return out.toString();
    }
}
