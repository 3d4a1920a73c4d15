package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * base.env is generated from the catalogue's defaults (the one declaration of each): it must not
 * drift, and what the loader reads from it is what the catalogue declares.
 */
class BaseEnvTest {

    @Test
    void baseEnvIsGeneratedFromTheCatalogue() throws Exception {
        assertThat(Files.readString(Path.of("src/main/resources/deckhand/settings/base.env")))
                .as("base.env is stale: edit SettingsCatalog, then run bin/update-readme-table")
                .isEqualTo(BaseEnv.render());
    }

    @Test
    void theLoaderReadsEveryCatalogueDefaultFromTheBaseLayer(@TempDir Path root) {
        // An unknown environment and proctype have no layer files: only the base layer applies.
        ResolvedSettings base = SettingsLoader.load("no-such-proctype", Map.of("DECKHAND_ENV", "none"), root);
        for (SettingDefinition<?> d : SettingsCatalog.all()) {
            if (!d.name().equals("DECKHAND_ENV")) {
                assertThat(Optional.ofNullable(base.all().get(d.name())).map(ResolvedSettings.Value::value))
                        .as(d.name()).isEqualTo(d.defaultValue());
            }
        }
    }
}
