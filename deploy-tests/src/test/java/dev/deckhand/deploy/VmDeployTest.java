package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain-VM artefacts: systemd units and the nginx reverse proxy. */
class VmDeployTest {

    private static final Map<String, Integer> PORTS =
            Map.of("web", 8000, "worker", 8081, "worker-short", 8082, "scheduler", 8083);
    private static final int DEFAULT_DRAIN_SECONDS = 25;

    @Test
    void eachServiceUnitRunsItsJarOnItsPortAndOutwaitsTheDrain() {
        for (String role : RepoFiles.SERVICE_ROLES) {
            String unit = RepoFiles.read("deploy/systemd/deckhand-" + role + ".service");
            assertThat(unit).as(role).contains("-jar /opt/deckhand/deckhand-" + role + ".jar")
                    .contains("Environment=PORT=" + PORTS.get(role))
                    .contains("User=deckhand").contains("KillSignal=SIGTERM")
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
