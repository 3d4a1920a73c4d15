package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's variable table is generated from the catalogue and must not drift from it. */
class ReadmeVariablesTest {

    @Test
    void readmeListsEveryVariableAsTheCatalogueDescribesIt() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String row : SettingsTable.markdown().split("\n")) {
            assertThat(readme).as("README.md row (regenerate with SettingsTable)").contains(row);
        }
    }
}
