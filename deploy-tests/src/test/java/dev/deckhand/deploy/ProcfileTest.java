package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Procfile names every process type and runs the jar its module really builds. */
class ProcfileTest {

    private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9_-]+):\\s*(.+)$");
    private static final Pattern JAR = Pattern.compile("-jar\\s+(\\S+\\.jar)");

    @Test
    void procfileRunsEachProctypeJarAndMigrationsOnRelease() {
        Map<String, String> processes = processes();
        assertThat(processes).containsOnlyKeys("web", "worker", "worker-short", "scheduler", "release");
        Map<String, String> moduleOf = new LinkedHashMap<>();
        RepoFiles.SERVICE_ROLES.forEach(r -> moduleOf.put(r, r));
        moduleOf.put("release", "migrations");
        moduleOf.forEach((process, module) -> {
            Matcher jar = JAR.matcher(processes.get(process));
            assertThat(jar.find()).as("%s runs a jar", process).isTrue();
            assertThat(jar.group(1)).as("jar of %s", process).isEqualTo(RepoFiles.runnableJarOf(module))
                    .endsWith("/deckhand-" + module + ".jar");
        });
    }

    @Test
    void processesUseContainerAwareJvmFlagsAndHonourJavaOpts() {
        processes().forEach((name, command) -> assertThat(command).as(name)
                .startsWith("java ").contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "$JAVA_OPTS"));
    }

    private static Map<String, String> processes() {
        Map<String, String> processes = new LinkedHashMap<>();
        for (String line : RepoFiles.read("Procfile").split("\\R")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                assertThat(processes.put(m.group(1), m.group(2))).as("duplicate %s", m.group(1)).isNull();
            } else {
                assertThat(line.isBlank()).as("unparseable Procfile line: %s", line).isTrue();
            }
        }
        return processes;
    }
}
