package dev.deckhand.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/Dockerfile and its entrypoint. No Docker daemon here, so the image is checked as text
 * and the entrypoint script is run for real with a stand-in {@code java} that prints its argv.
 */
class DockerImageTest {

    private static final String DOCKERFILE = RepoFiles.read("docker/Dockerfile");

    private static final List<String> PROCTYPES = List.of("web", "worker", "worker-short", "scheduler", "devworker",
            "migrations");

    /** One build stage compiles the reactor once; each proctype target copies only its own jar. */
    @Test
    void oneBuildStageCompilesTheReactorOnceAndEachTargetCopiesOnlyItsJar() {
        assertThat(DOCKERFILE).containsPattern("(?m)^ARG JDK_IMAGE=eclipse-temurin:17-jdk$")
                .containsPattern("(?m)^ARG JRE_IMAGE=eclipse-temurin:17-jre$")
                .containsPattern("(?m)^FROM \\$\\{JDK_IMAGE} AS build$")
                .containsPattern("(?m)^FROM \\$\\{JRE_IMAGE} AS runtime$")
                .contains("RUN --mount=type=cache,target=/root/.m2")
                .contains("-pl " + String.join(",", PROCTYPES.subList(0, 5)) + ",migrations,cli -am package");
        assertThat(DOCKERFILE.split("\\./mvnw", -1)).as("Maven runs in one RUN only").hasSize(2);
        assertThat(DOCKERFILE.lines().filter(l -> l.startsWith("FROM "))).hasSize(2 + PROCTYPES.size());
        for (String p : PROCTYPES) {
            String target = stage(p);
            assertThat(target).as(p).startsWith("FROM runtime AS " + p + "\n")
                    .contains("COPY --from=build /out/" + p + "/deckhand.jar /app/deckhand.jar")
                    .contains("ENV DECKHAND_PROCTYPE=" + p)
                    .containsPattern("(?m)^USER 10001:10001$")
                    .contains("deckhand-cds-archive /app/deckhand.jar /app/deckhand ");
            // Only its own jar (web also carries the operator CLI's jar).
            assertThat(target.lines().filter(l -> l.startsWith("COPY"))).as(p).hasSize(p.equals("web") ? 2 : 1);
        }
    }

    /** The stage of a target: from its FROM line to the next FROM (or the end). */
    private static String stage(String name) {
        int start = DOCKERFILE.indexOf("FROM runtime AS " + name + "\n");
        assertThat(start).as("target %s", name).isNotNegative();
        int next = DOCKERFILE.indexOf("\nFROM ", start + 1);
        return DOCKERFILE.substring(start, next < 0 ? DOCKERFILE.length() : next + 1);
    }

    /** An optional extra CA (docker/extra-ca/*.crt) reaches the build stage's trust store, never git. */
    @Test
    void buildStageImportsExtraCasFromTheContextAndGitIgnoresThem() {
        String build = DOCKERFILE.substring(DOCKERFILE.indexOf("AS build"), DOCKERFILE.indexOf("AS runtime"));
        assertThat(build).contains("COPY docker/extra-ca/ /tmp/extra-ca/").contains("keytool -importcert")
                .contains("-cacerts");
        assertThat(build.indexOf("keytool")).as("imported before Maven runs").isLessThan(build.indexOf("./mvnw"));
        assertThat(DOCKERFILE.substring(DOCKERFILE.indexOf("AS runtime"))).doesNotContain("extra-ca");
        assertThat(RepoFiles.read("docker/extra-ca/.gitignore")).contains("*.crt");
        assertThat(RepoFiles.path("docker/extra-ca/README.md")).isRegularFile();
    }

    @Test
    void runtimeRunsAsNonRootWithExecEntrypointAndHealthcheck() {
        String runtime = DOCKERFILE.substring(DOCKERFILE.indexOf("AS runtime"));
        assertThat(runtime).containsPattern("(?m)^ENTRYPOINT \\[\"/app/bin/deckhand-entrypoint\"]$")
                .containsPattern("(?m)^HEALTHCHECK .*\\n\\s+CMD \\[\"/app/bin/deckhand-healthcheck\"]")
                .contains("PROJECT_ROOT=/srv/deckhand");
        assertThat(RepoFiles.read("docker/entrypoint.sh")).containsPattern("(?m)^exec java ");
    }

    @Test
    void buildContextKeepsEveryReactorModule() {
        // The build runs the reactor (-pl X -am), which needs every module's pom in the context.
        List<String> ignored = RepoFiles.read(".dockerignore").lines().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        java.util.regex.Matcher modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>")
                .matcher(RepoFiles.read("pom.xml"));
        int count = 0;
        while (modules.find()) {
            count++;
            String module = modules.group(1);
            assertThat(ignored).as("module %s excluded from the Docker build context", module)
                    .noneMatch(pattern -> pattern.equals(module) || pattern.equals(module + "/")
                            || pattern.equals("/" + module));
        }
        assertThat(count).isGreaterThan(5);
        assertThat(ignored).contains("**/target", ".git");
    }

    /**
     * Reliability row 26, as far as it can be checked without a Docker engine: the build context
     * leaves out local dotenv files and data, and the Dockerfile bakes no secret into a layer.
     */
    @Test
    void noSecretCanReachAnImageLayer() {
        List<String> ignored = RepoFiles.read(".dockerignore").lines().map(String::trim).toList();
        assertThat(ignored).contains(".env*", "var", "**/target", ".git");
        assertThat(DOCKERFILE).doesNotContainPattern("(?mi)^\\s*(ARG|ENV)\\s+\\S*(SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL|ENCRYPTION_KEY)");
        assertThat(DOCKERFILE).doesNotContainPattern("(?m)^\\s*COPY\\s+\\.env");
    }

    @Test
    void entrypointExecsJavaWithContainerFlagsThenJavaOptsThenTheAppArguments(@TempDir Path dir) throws Exception {
        List<String> argv = runEntrypoint(dir, Map.of("JAVA_OPTS", "-Xss1m -Dfoo=bar"), "--print-settings");
        assertThat(argv).containsExactly("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                "-XX:TrimNativeHeapInterval=2000", "-Djava.io.tmpdir=/tmp", "-Dfile.encoding=UTF-8", "-Xss1m", "-Dfoo=bar",
                "-jar", "/app/deckhand.jar", "--print-settings");
    }

    @Test
    void entrypointRunsTheOperatorCliWhenTheFirstArgumentIsDeckhand(@TempDir Path dir) throws Exception {
        assertThat(runEntrypoint(dir, Map.of(), "deckhand", "users", "list"))
                .endsWith("-jar", "/app/deckhand-cli.jar", "users", "list")
                .noneMatch(a -> a.contains("SharedArchiveFile") || a.contains("AOTCache"));
        assertThat(DOCKERFILE).as("the web image builds and carries the CLI jar")
                .contains(",cli -am package", "cp cli/target/deckhand-cli.jar /out/web/deckhand-cli.jar",
                        "COPY --from=build /out/web/deckhand-cli.jar /app/deckhand-cli.jar");
    }

    @Test
    void entrypointUsesTheImagesCdsArchiveOnlyWhenItExists(@TempDir Path dir) throws Exception {
        Path archive = Files.writeString(dir.resolve("deckhand.jsa"), "archive");
        assertThat(runEntrypoint(dir, Map.of("CDS_ARCHIVE", archive.toString(), "JAVA_OPTS", "-Xss1m")))
                .containsSubsequence("-Dfile.encoding=UTF-8", "-XX:SharedArchiveFile=" + archive, "-Xss1m", "-jar");
        assertThat(runEntrypoint(dir, Map.of("CDS_ARCHIVE", dir.resolve("missing.jsa").toString())))
                .noneMatch(a -> a.contains("SharedArchiveFile") || a.contains("AOTCache"));
        assertThat(runEntrypoint(dir, Map.of("CDS_ARCHIVE", ""))).noneMatch(a -> a.contains("SharedArchiveFile"));
        assertThat(stage("web")).as("each target trains the archive for its own JVM and jar, next to the jar")
                .contains("/app/bin/deckhand-cds-archive /app/deckhand.jar /app/deckhand ");
        assertThat(DOCKERFILE).contains("COPY docker/cds-archive.sh /app/bin/deckhand-cds-archive");
    }

    @Test
    void entrypointMapsAnAotCacheWithAotCacheAndPrefersItNextToTheJar(@TempDir Path dir) throws Exception {
        Path aot = Files.writeString(dir.resolve("other.aot"), "cache");
        assertThat(runEntrypoint(dir, Map.of("CDS_ARCHIVE", aot.toString())))
                .containsSubsequence("-Dfile.encoding=UTF-8", "-XX:AOTCache=" + aot, "-jar")
                .noneMatch(a -> a.contains("SharedArchiveFile"));

        // Default: the archive next to the jar (/app/deckhand.aot or .jsa in the image).
        String jar = dir.resolve("deckhand.jar").toString();
        assertThat(runEntrypoint(dir, Map.of("DECKHAND_JAR", jar))).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile")
                || a.startsWith("-XX:AOTCache")).endsWith("-jar", jar);
        Files.writeString(dir.resolve("deckhand.jsa"), "archive");
        assertThat(runEntrypoint(dir, Map.of("DECKHAND_JAR", jar)))
                .contains("-XX:SharedArchiveFile=" + dir.resolve("deckhand.jsa")).endsWith("-jar", jar);
        Files.writeString(dir.resolve("deckhand.aot"), "cache");
        assertThat(runEntrypoint(dir, Map.of("DECKHAND_JAR", jar)))
                .as("an AOT cache (JDK >= 25 image) wins over an AppCDS archive")
                .contains("-XX:AOTCache=" + dir.resolve("deckhand.aot"))
                .noneMatch(a -> a.contains("SharedArchiveFile"));
    }

    @Test
    void cdsArchiveScriptTrainsAnAotCacheOnJdk25AndAppCdsBefore(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(DockerComposeTest.onPath("bash"), "bash not installed");
        // A stand-in java: reports FAKE_JDK as its version, writes whichever archive it is asked for,
        // and exits 3 like a training boot without backing services.
        Path fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, """
                #!/bin/sh
                case "$*" in *-XshowSettings:properties*) echo "    java.specification.version = $FAKE_JDK" >&2; exit 0 ;; esac
                for a in "$@"; do
                  case "$a" in -XX:AOTCacheOutput=*|-XX:ArchiveClassesAtExit=*) echo trained > "${a#*=}" ;; esac
                done
                exit 3
                """);
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String jdk : List.of("17", "21", "25")) {
            Path out = Files.createDirectories(dir.resolve("jdk" + jdk));
            String printed = DockerComposeTest.run(List.of("bash", RepoFiles.path("docker/cds-archive.sh").toString(),
                    "app.jar", out.resolve("deckhand").toString()),
                    Map.of("PATH", dir + ":" + System.getenv("PATH"), "FAKE_JDK", jdk));
            String expected = jdk.equals("25") ? "deckhand.aot" : "deckhand.jsa";
            try (var files = Files.list(out)) {
                assertThat(files.map(f -> f.getFileName().toString())).as("JDK %s", jdk).containsExactly(expected);
            }
            assertThat(printed).contains(out.resolve(expected).toString());
        }
        Path explicit = Files.createDirectories(dir.resolve("explicit"));
        DockerComposeTest.run(List.of("bash", RepoFiles.path("docker/cds-archive.sh").toString(), "app.jar",
                explicit.resolve("x.jsa").toString()), Map.of("PATH", dir + ":" + System.getenv("PATH"), "FAKE_JDK", "25"));
        assertThat(explicit.resolve("x.jsa")).as("an explicit .jsa is AppCDS on any JDK").exists();
    }

    @Test
    void entrypointOpensJdwpOnlyWhenJdwpPortIsSetOnLoopbackUnlessJdwpBindSaysOtherwise(@TempDir Path dir) throws Exception {
        assertThat(runEntrypoint(dir, Map.of())).noneMatch(a -> a.contains("jdwp"));
        assertThat(runEntrypoint(dir, Map.of("JDWP_PORT", "5005")))
                .contains("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:5005");
        assertThat(runEntrypoint(dir, Map.of("JDWP_PORT", "5005", "DECKHAND_ENV", "local", "JDWP_BIND", "0.0.0.0")))
                .contains("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=0.0.0.0:5005");
        assertThat(runEntrypoint(dir, Map.of("JDWP_PORT", "5005; rm -rf /")))
                .as("a non-numeric port is refused before java runs").containsExactly("JDWP_PORT must be a port number");
        assertThat(runEntrypoint(dir, Map.of("JDWP_PORT", "5005", "JDWP_BIND", "0.0.0.0 -Xrunevil")))
                .as("a bind address that is not an address is refused").noneMatch(a -> a.contains("jdwp"));
    }

    /** Reliability row 36: the container refuses to start, and java (so the debug agent) never runs. */
    @Test
    void entrypointRefusesJdwpInStagingAndProductionBeforeJavaStarts(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(DockerComposeTest.onPath("bash"), "bash not installed");
        Path marker = dir.resolve("java-ran");
        Path fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\ntouch '" + marker + "'\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String env : List.of("production", "staging")) {
            for (Map<String, String> extra : List.of(Map.<String, String>of(), Map.of("JDWP_BIND", "127.0.0.1"))) {
                ProcessBuilder pb = new ProcessBuilder("bash", RepoFiles.path("docker/entrypoint.sh").toString())
                        .redirectErrorStream(true);
                pb.environment().putAll(extra);
                pb.environment().put("DECKHAND_ENV", env);
                pb.environment().put("JDWP_PORT", "5005");
                pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
                Process p = pb.start();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(env + ": " + out).isNotZero();
                assertThat(out).as(env).contains("JDWP_PORT").contains(env);
                assertThat(marker).as("java started in %s", env).doesNotExist();
            }
        }
        // Without JDWP_PORT, production starts normally.
        ProcessBuilder pb = new ProcessBuilder("bash", RepoFiles.path("docker/entrypoint.sh").toString());
        pb.environment().put("DECKHAND_ENV", "production");
        pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(marker).exists();
    }

    /** Runs docker/entrypoint.sh with a fake java on PATH; returns the argv java got (or stderr). */
    private static List<String> runEntrypoint(Path dir, Map<String, String> env, String... args) throws Exception {
        Assumptions.assumeTrue(DockerComposeTest.onPath("bash"), "bash not installed");
        Path fakeJava = dir.resolve("java");
        // exec replaces the shell: the fake prints one argument per line, as the JVM would receive them.
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> fullEnv = new java.util.HashMap<>(env);
        fullEnv.put("PATH", dir + ":" + System.getenv("PATH"));
        List<String> command = new java.util.ArrayList<>(List.of("bash", RepoFiles.path("docker/entrypoint.sh").toString()));
        command.addAll(List.of(args));
        String out = DockerComposeTest.run(command, fullEnv);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void healthcheckPassesOnlyWhenHealthAnswers200() throws Exception {
        Assumptions.assumeTrue(DockerComposeTest.onPath("bash"), "bash not installed");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            int status = exchange.getRequestURI().getPath().equals("/health") ? 200 : 503;
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String port = String.valueOf(server.getAddress().getPort());
            assertThat(healthcheckExit(Map.of("PORT", port))).isZero();
            assertThat(healthcheckExit(Map.of("PORT", port, "HEALTHCHECK_PATH", "/health/readiness"))).isNotZero();
        } finally {
            server.stop(0);
        }
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        assertThat(healthcheckExit(Map.of("PORT", String.valueOf(closedPort)))).as("nothing listening").isNotZero();
    }

    @Test
    void healthcheckDefaultPortsMatchTheProctypeSettingsLayers() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s+([a-z-]+)\\) default_port=(\\d+) ;;$")
                .matcher(RepoFiles.read("docker/healthcheck.sh"));
        Map<String, String> scriptPorts = new java.util.HashMap<>();
        while (m.find()) {
            scriptPorts.put(m.group(1), m.group(2));
        }
        assertThat(scriptPorts).containsOnlyKeys("web", "worker", "worker-short", "scheduler", "devworker");
        scriptPorts.forEach((proctype, port) -> assertThat(RepoFiles.read(
                "shared-config/src/main/resources/deckhand/settings/proctype/" + proctype + ".env"))
                .as(proctype).containsPattern("(?m)^PORT=" + port + "$"));
    }

    private static int healthcheckExit(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", RepoFiles.path("docker/healthcheck.sh").toString())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
