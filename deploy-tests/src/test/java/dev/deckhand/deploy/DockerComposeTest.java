package dev.deckhand.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.deckhand.deploy.RenderedChart.at;
import static dev.deckhand.deploy.RenderedChart.map;
import static dev.deckhand.deploy.RenderedChart.str;
import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml: valid for Debian's docker-compose 1.29, and wired the way the docs say. */
class DockerComposeTest {

    private static final Map<String, Integer> PORTS =
            Map.of("web", 8000, "worker", 8081, "worker-short", 8082, "scheduler", 8083, "devworker", 8084);

    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() {
        compose = new Yaml().load(RepoFiles.read("docker-compose.yml"));
        services = map(compose, "services");
    }

    @Test
    void dockerComposeConfigAcceptsTheFile() throws Exception {
        Assumptions.assumeTrue(onPath("docker-compose"),
                "docker-compose is not installed (apt-get install docker-compose): `docker-compose config -q` skipped");
        for (List<String> command : List.of(List.of("docker-compose", "config", "-q"),
                List.of("docker-compose", "--profile", "devworker", "config", "-q"),
                List.of("docker-compose", "--profile", "backup", "config", "-q"))) {
            Process p = new ProcessBuilder(command).directory(RepoFiles.root().toFile())
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s said: %s", command, output).isZero();
        }
    }

    /** Every third-party image names a concrete version: no `latest`, no bare major. */
    @Test
    void everyThirdPartyImageIsPinnedToAConcreteVersion() {
        services.forEach((name, value) -> {
            Map<String, Object> service = map(services, name);
            if (service.containsKey("build")) {
                return;
            }
            String image = String.valueOf(service.get("image"));
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertThat(image).as(name).contains(":");
            assertThat(tag).as(name).isNotEqualTo("latest")
                    .matches("\\d+\\.\\d+(\\.\\d+)?(-[\\w.]+)?|RELEASE\\.\\d{4}-\\d{2}-\\d{2}T[\\d-]+Z");
        });
    }

    /**
     * The override for machines without a registry (bin/container-check) is valid with the file
     * and changes where images come from, not what the stack is: no service's ports, volumes or
     * healthchecks are replaced.
     */
    @Test
    @SuppressWarnings("unchecked")
    void localStandinsOverrideOnlySwapsImagesAndPassesConfig() throws Exception {
        String file = "deploy/compose/docker-compose.local-standins.yml";
        Map<String, Object> override = map(new Yaml().load(RepoFiles.read(file)), "services");
        assertThat(services.keySet()).containsAll(override.keySet().stream().filter(s -> !s.equals("accountapi")).toList());
        override.forEach((name, value) -> {
            if (!name.equals("accountapi")) {
                assertThat(((Map<String, Object>) value).keySet()).as(name)
                        .isSubsetOf("image", "command", "working_dir", "build", "environment", "volumes", "depends_on");
            }
        });
        for (String role : List.of("web", "worker", "worker-short", "scheduler", "devworker", "migrations")) {
            assertThat(map(override, role + ".build.args")).as(role)
                    .containsOnlyKeys("JDK_IMAGE", "JRE_IMAGE");
        }
        Assumptions.assumeTrue(onPath("docker-compose"), "docker-compose is not installed: config -q skipped");
        List<String> command = List.of("docker-compose", "-f", "docker-compose.yml", "-f", file, "--profile",
                "devworker", "config", "-q");
        Process p = new ProcessBuilder(command).directory(RepoFiles.root().toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void fileStaysWithinWhatDockerCompose129Reads() {
        assertThat(compose).doesNotContainKey("name");
        assertThat(compose.keySet()).allMatch(k -> List.of("version", "services", "volumes", "networks").contains(k)
                || k.startsWith("x-"));
    }

    @Test
    void backingServicesAreThereWithHealthchecks() {
        assertThat(str(services, "postgres.image")).startsWith("postgres:16");
        assertThat(str(services, "redis.image")).startsWith("redis:7");
        assertThat(str(services, "oauth.image")).startsWith("ghcr.io/navikt/mock-oauth2-server");
        assertThat(str(services, "minio.image")).startsWith("minio/minio");
        for (String s : List.of("postgres", "redis", "minio")) {
            assertThat(at(services, s + ".healthcheck.test")).as(s).isNotNull();
        }
        assertThat(map(services, "createbucket.depends_on.minio")).containsEntry("condition", "service_healthy");
        assertThat(String.valueOf(at(services, "createbucket.command"))).contains("mb").contains("deckhand");
    }

    @Test
    void appServicesWaitForMigrationsAndTheBucketAndHaveHealthchecks() {
        for (String role : PORTS.keySet()) {
            assertThat(map(services, role + ".depends_on.migrations"))
                    .as(role).containsEntry("condition", "service_completed_successfully");
            assertThat(map(services, role + ".depends_on.createbucket"))
                    .as(role).containsEntry("condition", "service_completed_successfully");
            assertThat(String.valueOf(at(services, role + ".healthcheck.test"))).as(role).contains("deckhand-healthcheck");
            assertThat(str(services, role + ".build.target")).as(role).isEqualTo(role);
            assertThat(str(services, role + ".build.dockerfile")).as(role).isEqualTo("docker/Dockerfile");
            assertThat(str(services, role + ".environment.PORT")).as(role).isEqualTo(String.valueOf(PORTS.get(role)));
            assertThat(at(services, role + ".environment.MIGRATION_DATABASE_URL")).as(role).isNull();
            assertThat(at(services, role + ".read_only")).as(role).isEqualTo(true);
            int drain = Integer.parseInt(str(services, role + ".environment.JOB_DRAIN_TIMEOUT_SECONDS"));
            assertThat(seconds(str(services, role + ".stop_grace_period"))).as(role).isGreaterThan(drain);
        }
        assertThat(str(services, "migrations.build.target")).isEqualTo("migrations");
        assertThat(str(services, "migrations.environment.MIGRATION_DATABASE_URL")).startsWith("postgres://");
        assertThat(str(services, "migrations.restart")).isEqualTo("no");
        assertThat(map(services, "migrations.depends_on.postgres")).containsEntry("condition", "service_healthy");
    }

    @Test
    void everyDeckhandServiceHasMemoryCpuAndProcessLimits() {
        for (String role : List.of("web", "worker", "worker-short", "scheduler", "devworker", "migrations", "backup")) {
            assertThat(str(services, role + ".mem_limit")).as(role).matches("\\d+[mg]");
            assertThat(Double.parseDouble(String.valueOf(at(services, role + ".cpus")))).as(role).isPositive();
        }
        for (String role : List.of("web", "worker", "worker-short", "scheduler", "devworker", "migrations")) {
            assertThat(((Number) at(services, role + ".pids_limit")).intValue()).as(role).isPositive();
        }
    }

    @Test
    void backupIsAOneShotDumpOfThePostgresServiceUnderTheBackupProfile() {
        assertThat(at(services, "backup.profiles")).isEqualTo(List.of("backup"));
        // pg_dump must be the server's major version or newer: the same image as the database.
        assertThat(str(services, "backup.image")).isEqualTo(str(services, "postgres.image"));
        assertThat(String.valueOf(at(services, "backup.entrypoint"))).contains("/opt/deckhand/bin/deckhand-pg-backup");
        assertThat(String.valueOf(at(services, "backup.volumes"))).contains("./deploy/backup:/opt/deckhand/bin:ro");
        assertThat(str(services, "backup.environment.BACKUP_DATABASE_URL")).startsWith("postgres://")
                .contains("@postgres:5432/deckhand");
        assertThat(map(services, "backup.depends_on.postgres")).containsEntry("condition", "service_healthy");
        assertThat(str(services, "backup.restart")).isEqualTo("no");
        assertThat(RepoFiles.path("deploy/backup/deckhand-pg-backup")).isRegularFile();
    }

    @Test
    void devworkerIsTheProfileAlternativeToTheTwoWorkers() {
        assertThat(at(services, "devworker.profiles")).isEqualTo(List.of("devworker"));
        for (String s : services.keySet()) {
            if (!s.equals("devworker") && !s.equals("backup")) {
                assertThat(at(services, s + ".profiles")).as(s).isNull();
            }
        }
        assertThat(str(services, "devworker.environment.WORKER_QUEUES")).contains("default").contains("short");
    }

    private static int seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Integer.parseInt(duration.substring(0, duration.length() - 1));
    }

    static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, binary).canExecute()) {
                return true;
            }
        }
        return false;
    }

    static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
