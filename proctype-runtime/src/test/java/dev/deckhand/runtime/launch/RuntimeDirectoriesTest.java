package dev.deckhand.runtime.launch;

import dev.deckhand.config.InvalidSettingsException;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.config.SettingsProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A proctype creates its runtime directories at start and, when it cannot, names the setting to
 * fix: MEDIA_ROOT for the media directory, PROJECT_ROOT for {@code var/tmp}.
 */
class RuntimeDirectoriesTest {

    @TempDir
    Path root;

    ResolvedSettings settings(String mediaRoot) {
        return SettingsLoader.load("worker", Map.of("DECKHAND_ENV", "test", "MEDIA_ROOT", mediaRoot,
                "DATABASE_URL", "postgres://deckhand:secret@localhost:1/deckhand", "REDIS_URL", "redis://localhost:1"),
                root);
    }

    @Test
    void createsTheMediaAndTemporaryDirectories() {
        ProctypeLauncher.createRuntimeDirectories(settings("var/media"));

        assertThat(root.resolve("var/media")).isDirectory();
        assertThat(root.resolve("var/tmp")).isDirectory();
    }

    @Test
    void aMediaRootThatCannotBeCreatedNamesMediaRoot() throws Exception {
        Files.writeString(root.resolve("a-file"), "not a directory");

        InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class,
                () -> ProctypeLauncher.createRuntimeDirectories(settings("a-file/media")));

        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(SettingsProblem::name).containsExactly("MEDIA_ROOT");
    }
}
