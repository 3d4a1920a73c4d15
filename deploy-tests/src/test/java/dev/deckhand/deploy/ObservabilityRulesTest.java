package dev.deckhand.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/observability (issue 15 item 4): the alert rules pass {@code promtool check rules} and
 * their unit tests ({@code alerts-test.yml}: the queue backing up, the dead set growing, a worker
 * or the scheduler missing, the scheduler not firing) pass {@code promtool test rules}, when
 * promtool is installed (Debian: {@code apt-get install prometheus}); without it, the structure
 * is still checked. That the metrics the rules and the dashboard query are really exported is
 * system-tests' MetricsSystemTest, against the running proctypes.
 */
class ObservabilityRulesTest {

    private static final Path DIR = RepoFiles.path("deploy/observability");

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasAnExpressionASeverityAndASummary() {
        Map<String, Object> file = new Yaml().load(RepoFiles.read("deploy/observability/alerts.yml"));
        List<String> names = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String name = String.valueOf(rule.get("alert"));
                names.add(name);
                assertThat(String.valueOf(rule.get("expr"))).as(name).isNotBlank();
                assertThat((Map<String, Object>) rule.get("labels")).as(name).containsKey("severity");
                assertThat((Map<String, Object>) rule.get("annotations")).as(name).containsKeys("summary", "description");
            }
        }
        assertThat(names).doesNotHaveDuplicates().contains("DeckhandQueueBackingUp", "DeckhandDeadSetGrowing",
                "DeckhandWorkerMissing", "DeckhandSchedulerNotFiring");
    }

    @Test
    void theDashboardIsGrafanaJsonWithAQueryInEveryPanel() throws Exception {
        JsonObject dashboard = JsonParser.parseString(Files.readString(DIR.resolve("grafana-dashboard.json"))).getAsJsonObject();
        assertThat(dashboard.get("uid").getAsString()).isEqualTo("deckhand-overview");
        int queries = 0;
        for (JsonElement p : dashboard.getAsJsonArray("panels")) {
            JsonObject panel = p.getAsJsonObject();
            if (panel.get("type").getAsString().equals("row")) {
                continue;
            }
            assertThat(panel.getAsJsonArray("targets")).as(panel.get("title").getAsString()).isNotEmpty();
            for (JsonElement t : panel.getAsJsonArray("targets")) {
                assertThat(t.getAsJsonObject().get("expr").getAsString()).isNotBlank();
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(15);
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool not installed (apt-get install prometheus)");
        assertThat(run("promtool", "check", "rules", "alerts.yml")).contains("SUCCESS");
        assertThat(run("promtool", "test", "rules", "alerts-test.yml")).contains("SUCCESS");
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
