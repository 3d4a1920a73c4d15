package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings are read one way: through a {@link SettingsCatalog} constant ({@code
 * settings.value(SettingsCatalog.X)}), a typed record bound from it ({@link QueueSettings},
 * {@link ProcessIdentity}) or a {@link JvmTuning} constant, never by name with a default of its
 * own. String-keyed getters are package-private, so the compiler refuses those elsewhere; this test
 * covers the other doors: Micronaut properties ({@code deckhand.settings.*} anywhere; {@code @Value}
 * in main sources) and the process's own environment and system properties ({@code System.getenv},
 * {@code System.getProperty} in main sources outside shared-config, bar the JVM's own properties and
 * the allow-list below).
 */
class SettingsReadThroughCatalogueTest {

    /** A string literal naming a settings property: {@code "deckhand.settings.x"} or {@code "${deckhand.settings.x}"}. */
    private static final Pattern PROPERTY_READ = Pattern.compile("\"(\\$\\{)?deckhand\\.settings\\.");

    /** A read by name that bypasses the catalogue; the JVM's own properties (java.home, user.dir, ...) are facts, not settings. */
    private static final Pattern DIRECT_READ = Pattern.compile(
            "@Value\\(|System\\.getenv\\(|System\\.getProperty\\((?!\"(java|user|os|line|file|path)\\.)");

    /**
     * Main sources that may read the environment or system properties by name (a path prefix, from
     * the repository root), each with why. An entry that no longer matches a read fails the test.
     */
    private static final Map<String, String> ALLOWED = Map.of(
            "local-stack/", "the local bootstrap: starts the backing services and hands the proctypes their "
                    + "variables; LOCAL_*_PORT are its own knobs, not deploy settings",
            "test-backing-services/", "test infrastructure: TEST_DATABASE_URL, TEST_REDIS_URL and DOCKER_HOST say "
                    + "where tests find services, before any Deckhand setting exists",
            "bench/", "the benchmark harness: BENCH_* knobs belong to a measurement, not to a deploy",
            "cli/src/main/java/dev/deckhand/cli/Main.java", "the CLI's entry: hands the process environment to "
                    + "SettingsLoader (through CliContext), as SettingsLoader.load(proctype) does for a proctype; "
                    + "logback.configurationFile is logback's own switch",
            "jobqueue/src/main/java/dev/deckhand/jobqueue/worker/ProcessHeartbeat.java", "HOSTNAME is the "
                    + "platform's name for the container (the pod on Kubernetes), shown in the worker registry; "
                    + "not a Deckhand setting");

    @Test
    void noSourceReadsSettingsAsMicronautProperties() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : javaFiles("src")) {
            if (!file.getFileName().toString().equals("SettingsReadThroughCatalogueTest.java")) {
                scan(file, PROPERTY_READ, offenders);
            }
        }
        assertThat(offenders).as("settings read as properties (read SettingsCatalog constants from ResolvedSettings)")
                .isEmpty();
    }

    @Test
    void mainSourcesOutsideTheConfigModuleReadNoSettingByName() throws IOException {
        List<String> offenders = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path file : javaFiles("src/main")) {
            String path = relative(file);
            if (path.startsWith("shared-config/")) {
                continue;
            }
            List<String> reads = new ArrayList<>();
            scan(file, DIRECT_READ, reads);
            ALLOWED.keySet().stream().filter(path::startsWith).findFirst().ifPresentOrElse(
                    allowed -> used.addAll(reads.isEmpty() ? Set.of() : Set.of(allowed)), () -> offenders.addAll(reads));
        }
        assertThat(offenders).as("reads by name outside shared-config: declare the setting in SettingsCatalog "
                + "(or a JVM tuning property in JvmTuning) and inject its typed record").isEmpty();
        assertThat(used).as("allow-list entries that still allow something").containsExactlyInAnyOrderElementsOf(
                ALLOWED.keySet());
    }

    @Test
    void micronautGetsNoSettingsNamespace(@TempDir Path dir) {
        Map<String, Object> p = MicronautProperties.from(SettingsLoader.load("worker", Map.of("DECKHAND_ENV", "test"), dir));
        assertThat(p.keySet()).noneMatch(k -> k.startsWith("deckhand.settings."));
    }

    private static Path root() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("shared-config").resolve("pom.xml")).as("run from the shared-config module").exists();
        return root;
    }

    private static String relative(Path file) {
        return root().relativize(file).toString().replace('\\', '/');
    }

    /** Every .java file below {@code sub} (src, src/main) of every module. */
    private static List<Path> javaFiles(String sub) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root())) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve(sub))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve(sub))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
                }
            }
        }
        return out;
    }

    private static void scan(Path file, Pattern pattern, List<String> offenders) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (pattern.matcher(lines.get(i)).find()) {
                    offenders.add(relative(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
