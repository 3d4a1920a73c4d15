package dev.deckhand.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The deployment artefacts under test, read from the repository root (not the module dir). */
final class RepoFiles {

    /** Proctypes that run as long-lived services, with their PORT. */
    static final List<String> SERVICE_ROLES = List.of("web", "worker", "worker-short", "scheduler");

    private RepoFiles() {
    }

    static Path root() {
        String configured = System.getProperty("deckhand.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code <finalName>} a module's pom declares, or null when it has none. */
    static String finalNameOf(String module) {
        Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(read(module + "/pom.xml"));
        return m.find() ? m.group(1).trim() : null;
    }

    /**
     * Path (from the repository root) of the runnable jar a proctype module builds: the shade
     * plugin's {@code outputFile} when the pom sets one, else {@code target/<finalName>.jar}.
     */
    static String runnableJarOf(String module) {
        Matcher shaded = Pattern.compile("<outputFile>\\$\\{project\\.build\\.directory}/([^<]+\\.jar)</outputFile>")
                .matcher(read(module + "/pom.xml"));
        if (shaded.find()) {
            return module + "/target/" + shaded.group(1);
        }
        String finalName = finalNameOf(module);
        return finalName == null ? null : module + "/target/" + finalName + ".jar";
    }
}
