package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings are read one way: through a {@link SettingsCatalog} constant ({@code
 * settings.value(SettingsCatalog.X)}), never by name with a default of its own. String-keyed
 * getters are package-private, so the compiler refuses those elsewhere; this test covers the other
 * door, Micronaut properties: no source outside shared-config reads {@code deckhand.settings.*}
 * (those properties no longer exist, so such a read would silently get its own default).
 */
class SettingsReadThroughCatalogueTest {

    /** A string literal naming a settings property: {@code "deckhand.settings.x"} or {@code "${deckhand.settings.x}"}. */
    private static final Pattern PROPERTY_READ = Pattern.compile("\"(\\$\\{)?deckhand\\.settings\\.");

    @Test
    void noSourceReadsSettingsAsMicronautProperties() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("shared-config").resolve("pom.xml")).as("run from the shared-config module").exists();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src"))) {
                    files.filter(f -> f.toString().endsWith(".java")
                            && !f.getFileName().toString().equals("SettingsReadThroughCatalogueTest.java")).forEach(f -> scan(root, f, offenders));
                }
            }
        }
        assertThat(offenders).as("settings read as properties (read SettingsCatalog constants from ResolvedSettings)")
                .isEmpty();
    }

    @Test
    void micronautGetsNoSettingsNamespace(@TempDir Path dir) {
        Map<String, Object> p = MicronautProperties.from(SettingsLoader.load("worker", Map.of("DECKHAND_ENV", "test"), dir));
        assertThat(p.keySet()).noneMatch(k -> k.startsWith("deckhand.settings."));
    }

    private static void scan(Path root, Path file, List<String> offenders) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (PROPERTY_READ.matcher(lines.get(i)).find()) {
                    offenders.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
