package dev.deckhand.config;

/**
 * Renders the base settings layer ({@code deckhand/settings/base.env}) from the catalogue's
 * defaults: one {@code NAME=default} line per variable that has one, in catalogue order. The
 * file is a generated copy (BaseEnvTest fails when it drifts; {@code bin/update-readme-table}
 * rewrites it), kept so the first layer is a file an operator can read like the others.
 * {@code java -cp shared-config/target/classes dev.deckhand.config.BaseEnv > base.env}.
 */
public final class BaseEnv {

    static final String HEADER = """
            # Base defaults: safe for most users. Every layer after this one overrides it.
            # Per-deploy values (URLs, secrets) have no default here: they come from the environment layers
            # (local/test only) or from real environment variables.
            # Generated from SettingsCatalog (the one declaration of each default): edit it there, then run
            # bin/update-readme-table.
            """;

    private BaseEnv() {
    }

    public static void main(String[] args) {
        System.out.print(render());
    }

    public static String render() {
        StringBuilder out = new StringBuilder(HEADER);
        for (SettingDefinition<?> d : SettingsCatalog.all()) {
            d.defaultValue().ifPresent(v -> out.append(d.name()).append('=').append(v).append('\n'));
        }
        return out.toString();
    }
}
