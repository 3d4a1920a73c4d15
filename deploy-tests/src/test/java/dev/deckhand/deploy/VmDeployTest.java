package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain-VM artefacts: systemd units and the nginx reverse proxy. Every unit passes Debian's
 * {@code systemd-analyze verify} without a warning and scores "OK" (exposure below 3.0) in
 * {@code systemd-analyze security --offline}; each proctype runs as its own system user, which
 * {@code systemd-sysusers} creates from deploy/systemd/deckhand.sysusers.conf, with memory, CPU
 * and task limits. systemd-analyze comes with Debian's systemd package (.ci/run installs it).
 */
class VmDeployTest {

    private static final Path UNITS = RepoFiles.path("deploy/systemd");
    /** Every unit that runs a Deckhand process: the four services, migrations and the backup. */
    private static final List<String> PROCESS_UNITS = List.of("web", "worker", "worker-short", "scheduler",
            "migrations", "backup");
    @TempDir
    Path tmp;

    private static final Map<String, Integer> PORTS =
            Map.of("web", 8000, "worker", 8081, "worker-short", 8082, "scheduler", 8083);
    private static final int DEFAULT_DRAIN_SECONDS = 25;

    @Test
    void eachServiceUnitRunsItsJarOnItsPortAndOutwaitsTheDrain() {
        for (String role : RepoFiles.SERVICE_ROLES) {
            String unit = RepoFiles.read("deploy/systemd/deckhand-" + role + ".service");
            assertThat(unit).as(role).contains("-jar /opt/deckhand/deckhand-" + role + ".jar")
                    .contains("Environment=PORT=" + PORTS.get(role))
                    .contains("User=deckhand-" + role).contains("Group=deckhand\n").contains("KillSignal=SIGTERM")
                    .contains("Requires=deckhand-migrations.service")
                    .doesNotContain("MIGRATION_DATABASE_URL").doesNotContain("migrations.env");
            Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(unit);
            assertThat(stop.find()).as(role).isTrue();
            assertThat(Integer.parseInt(stop.group(1))).as(role).isGreaterThan(DEFAULT_DRAIN_SECONDS);
        }
        String migrations = RepoFiles.read("deploy/systemd/deckhand-migrations.service");
        assertThat(migrations).contains("Type=oneshot").contains("-jar /opt/deckhand/deckhand-migrations.jar")
                .contains("EnvironmentFile=/etc/deckhand/migrations.env");
    }

    @Test
    void everyProcessUnitRunsAsItsOwnUserWithLimitsAndASandbox() {
        Set<String> users = new HashSet<>();
        for (String name : PROCESS_UNITS) {
            String unit = RepoFiles.read("deploy/systemd/deckhand-" + name + ".service");
            String user = directive(unit, "User");
            assertThat(user).as(name).isEqualTo("deckhand-" + name);
            assertThat(users.add(user)).as("%s has a user of its own", name).isTrue();
            for (String limit : List.of("MemoryMax", "CPUQuota", "TasksMax")) {
                assertThat(directive(unit, limit)).as(name + " " + limit).isNotBlank();
            }
            assertThat(directive(unit, "MemoryMax")).as(name).matches("\\d+[MG]");
            assertThat(directive(unit, "CPUQuota")).as(name).matches("\\d+%");
            Map.of("NoNewPrivileges", "yes", "ProtectSystem", "strict", "ProtectHome", "yes", "PrivateTmp", "yes",
                    "PrivateDevices", "yes", "CapabilityBoundingSet", "", "RestrictSUIDSGID", "yes",
                    "SystemCallArchitectures", "native")
                    .forEach((key, value) -> assertThat(directive(unit, key)).as(name + " " + key).isEqualTo(value));
            assertThat(directive(unit, "ReadWritePaths")).as(name).startsWith("/var/");
            assertThat(unit).as(name).doesNotContainPattern("(?m)^User=root$").doesNotContain("DynamicUser=");
        }
        String timer = RepoFiles.read("deploy/systemd/deckhand-backup.timer");
        assertThat(directive(timer, "OnCalendar")).isNotBlank();
        assertThat(directive(timer, "Persistent")).isEqualTo("true");
        assertThat(directive(RepoFiles.read("deploy/systemd/deckhand-backup.service"), "ExecStart"))
                .isEqualTo("/bin/sh /opt/deckhand/bin/deckhand-pg-backup");
    }

    @Test
    void systemdAnalyzeVerifyPassesOnEveryUnitWithoutAWarning() throws Exception {
        List<String> command = new ArrayList<>(List.of(systemdAnalyze(), "verify"));
        command.addAll(unitFiles());
        Result r = run(command, UNITS);
        assertThat(r.status()).as(r.output()).isZero();
        // verify exits 0 even for unknown keys or invalid values ("..., ignoring"): no output at all passes.
        assertThat(r.output()).as("systemd-analyze verify printed warnings").isBlank();

        // The check itself catches a broken unit (so a pass above means something).
        Path broken = tmp.resolve("deckhand-broken.service");
        Files.writeString(broken, RepoFiles.read("deploy/systemd/deckhand-web.service")
                .replace("MemoryMax=1G", "MemoryMax=lots\nProtectSystm=strict"));
        Result bad = run(List.of(systemdAnalyze(), "verify", broken.toString()), tmp);
        assertThat(bad.output()).contains("Invalid memory limit 'lots'").contains("Unknown key 'ProtectSystm'");
    }

    @Test
    void everyServiceScoresOkInSystemdAnalyzeSecurity() throws Exception {
        Pattern overall = Pattern.compile("Overall exposure level for (\\S+): (\\d+\\.\\d+)");
        for (String file : unitFiles()) {
            if (!file.endsWith(".service")) {
                continue;
            }
            Result r = run(List.of(systemdAnalyze(), "security", "--offline=true", "--no-pager", file), UNITS);
            Matcher m = overall.matcher(r.output());
            assertThat(m.find()).as(file + ": " + r.output()).isTrue();
            assertThat(Double.parseDouble(m.group(2))).as("%s exposure (0 safest, 10 unsafe)", file).isLessThan(3.0);
        }
    }

    @Test
    void sysusersCreatesEveryUnitsUserAndTmpfilesEveryWritablePath() throws Exception {
        Path sysusers = UNITS.resolve("deckhand.sysusers.conf");
        Files.createDirectories(tmp.resolve("etc"));
        Result r = run(List.of("systemd-sysusers", "--root=" + tmp, sysusers.toString()), UNITS);
        assertThat(r.status()).as(r.output()).isZero();
        String passwd = Files.readString(tmp.resolve("etc/passwd"));
        String group = Files.readString(tmp.resolve("etc/group"));
        Matcher deckhandGid = Pattern.compile("(?m)^deckhand:x:(\\d+):").matcher(group);
        assertThat(deckhandGid.find()).as(group).isTrue();
        String tmpfiles = RepoFiles.read("deploy/systemd/deckhand.tmpfiles.conf");
        for (String name : PROCESS_UNITS) {
            String unit = RepoFiles.read("deploy/systemd/deckhand-" + name + ".service");
            Matcher entry = Pattern.compile("(?m)^" + Pattern.quote(directive(unit, "User"))
                    + ":x:(\\d+):(\\d+):.*:/usr/sbin/nologin$").matcher(passwd);
            assertThat(entry.find()).as(name + " user in " + passwd).isTrue();
            assertThat(Integer.parseInt(entry.group(1))).as(name + " is a system user").isBetween(1, 999);
            if (!name.equals("backup")) {
                assertThat(entry.group(2)).as(name + " primary group deckhand").isEqualTo(deckhandGid.group(1));
            }
            String writable = directive(unit, "ReadWritePaths");
            assertThat(tmpfiles).as(name + " " + writable).containsPattern("(?m)^d\\s+" + Pattern.quote(writable) + "\\s");
        }
    }

    private static String directive(String unit, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "=(.*)$").matcher(unit);
        return m.find() ? m.group(1).strip() : null;
    }

    private static List<String> unitFiles() throws IOException {
        try (Stream<Path> files = Files.list(UNITS)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".service") || n.endsWith(".timer") || n.endsWith(".target"))
                    .sorted().map(n -> "./" + n).toList();
        }
    }

    private static String systemdAnalyze() {
        assertThat(DockerComposeTest.onPath("systemd-analyze"))
                .as("systemd-analyze is missing: apt-get install systemd (.ci/run does)").isTrue();
        return "systemd-analyze";
    }

    private record Result(int status, String output) {
    }

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Result(p.exitValue(), output);
    }

    @Test
    void nginxOverwritesForwardingHeadersInsteadOfAppending() {
        String conf = RepoFiles.read("deploy/nginx/deckhand.conf");
        Map<String, String> headers = Map.of(
                "X-Forwarded-For", "$remote_addr",
                "X-Forwarded-Proto", "$scheme",
                "X-Forwarded-Host", "$host",
                "Host", "$host");
        headers.forEach((header, value) -> assertThat(conf).as(header)
                .containsPattern("(?m)^\\s*proxy_set_header\\s+" + Pattern.quote(header) + "\\s+" + Pattern.quote(value) + ";"));
        // $proxy_add_x_forwarded_for appends whatever the client sent: forgeable.
        assertThat(conf).doesNotContain("$proxy_add_x_forwarded_for").doesNotContain("$http_x_forwarded");
        assertThat(conf).containsPattern("(?m)^\\s*proxy_set_header\\s+Forwarded\\s+\"\";");
        // The app must be told which header that is (issue 13 item 2).
        assertThat(conf).contains("FORWARDED_HEADER=x-forwarded-for");
        assertThat(conf).contains("proxy_pass http://deckhand_web").contains("server 127.0.0.1:8000");
        for (String internal : List.of("/prometheus", "/health")) {
            // A prefix rule (not "location ="): /prometheus/, /prometheus/x and, since nginx merges
            // slashes and decodes before matching, //prometheus and /%70rometheus are covered too.
            assertThat(conf).as(internal).containsPattern("(?m)^\\s*location \\^~ " + Pattern.quote(internal) + " \\{ return 404; }");
            assertThat(conf).as(internal).doesNotContainPattern("location = " + Pattern.quote(internal));
        }
        // Case variants (/PROMETHEUS) by a case-insensitive regex.
        assertThat(conf).containsPattern("(?m)^\\s*location ~\\* \\^/\\(prometheus\\|health\\)\\(/\\|\\$\\) \\{ return 404; }");
    }
}
