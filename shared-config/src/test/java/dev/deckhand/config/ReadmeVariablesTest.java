package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's variable table is generated from the catalogue and must not drift from it: the
 * whole block between the {@code settings-table:start} and {@code settings-table:end} markers is
 * exactly {@link SettingsTable#markdown()} (no row missing, extra, reordered or edited by hand).
 * Regenerate with {@code bin/update-readme-table}.
 */
class ReadmeVariablesTest {

    static final String START = "<!-- settings-table:start -->\n";
    static final String END = "<!-- settings-table:end -->";

    @Test
    void readmeTableIsExactlyTheCatalogues() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(block(readme)).as("README.md between the settings-table markers (regenerate with "
                + "bin/update-readme-table)").isEqualTo(SettingsTable.markdown());
    }

    @Test
    void theBlockIsWhatLiesBetweenTheMarkers() {
        String readme = "intro\n" + START + "| a |\n| b |\n" + END + "\nafter\n";
        assertThat(block(readme)).isEqualTo("| a |\n| b |\n");
    }

    /** The text between the markers; fails when either is missing or they are out of order. */
    static String block(String readme) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("README.md has the %s marker", START.strip()).isNotNegative();
        assertThat(end).as("README.md has the %s marker after the start", END).isGreaterThan(start);
        return readme.substring(start + START.length(), end);
    }
}
