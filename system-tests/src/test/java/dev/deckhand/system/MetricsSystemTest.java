package dev.deckhand.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 15 item 4's acceptance on the real jars ({@link RunStack}: web, scheduler, worker-short, a
 * worker and a devworker): after real traffic (two sign-ins through the OAuth provider, an admin
 * publishing a plan, a user's run whose http step calls the account API, the scheduler's own
 * firings, then on the devworker alone a run whose attempts fail until it is dead) each
 * proctype's {@code /prometheus} has the HTTP server latency histograms, per-job-type timers and
 * attempt counters (success, retry, dead), queue gauges, outbound call timers and scheduler gauges operators and the
 * Helm chart's autoscalers read; every metric the alert rules and the Grafana dashboard under
 * deploy/observability query is one some proctype really exports; and the JSON log lines of a
 * request carry {@code request_id}, those of a job {@code job_id}.
 */
@ExtendWith({PostgresExtension.class, OAuthProviderExtension.class})
class MetricsSystemTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s", Pattern.MULTILINE);

    @TempDir
    static Path work;
    static TestRedis redis;
    static RunStack stack;

    @BeforeAll
    static void start(TestPostgres pg, TestOAuthProvider oauth) throws Exception {
        redis = RedisExtension.dedicated();
        stack = RunStack.start(pg, redis, oauth, work);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void everyProctypeExportsTheMetricsDashboardsAlertsAndAutoscalersRead() throws Exception {
        ProctypeJar worker = stack.startWorker(2);
        String plan = stack.plan("metrics", List.of(RunStack.step("call", "http", Map.of("method", "POST",
                "path", "/runs/{{job_id}}/call", "body", Map.of("run", "{{job_id}}")))));
        String job = stack.startJob(plan);
        await("job " + job + " complete").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> "complete".equals(stack.job(job).get("status")));

        Map<String, String> scrapes = new LinkedHashMap<>();
        // The scheduler fires runs-dispatch-unqueued every 15 s onto `short`; worker-short runs it.
        await("scheduler fired and worker-short ran a job").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(scrape(stack.process("scheduler"))).contains("deckhand_scheduler_firings_total{");
                    assertThat(scrape(stack.process("worker-short"))).contains("deckhand_job_duration_seconds_bucket{");
                });
        for (ProctypeJar p : List.of(stack.process("web"), worker, stack.process("worker-short"), stack.process("scheduler"))) {
            scrapes.put(p.proctype, scrape(p));
        }

        // A run whose every attempt fails, on the devworker alone (the worker drains and exits first):
        // its selected steps are not a list, so PlanRunner throws; 3 attempts, then the dead set.
        worker.terminate();
        assertThat(worker.awaitExitQuietly(60)).as("worker drained and exited").isTrue();
        String failing = stack.startJob(plan);
        try (Connection c = stack.pg.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE jobs SET selected_steps = '{\"not\": \"a list\"}'::jsonb WHERE id = ?::uuid")) {
            s.setString(1, failing);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        ProctypeJar devworker = stack.startDevworker("default=2");
        await("devworker: run " + failing + " retried, then dead").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() ->
                        assertThat(series(scrape(devworker), "deckhand_job_attempts_total")).anySatisfy(l ->
                                assertThat(l).contains("type=\"plan.run\"").contains("outcome=\"dead\"")));
        scrapes.put("devworker", scrape(devworker));
        String dev = scrapes.get("devworker");
        assertThat(series(dev, "deckhand_job_attempts_total")).as("devworker: failed attempts scheduled for retry")
                .anySatisfy(l -> assertThat(l).contains("queue=\"default\"").contains("type=\"plan.run\"")
                        .contains("outcome=\"retry\"").contains("proctype=\"devworker\""));
        assertThat(series(dev, "deckhand_job_duration_seconds_bucket")).as("devworker: duration of the failed attempts")
                .anySatisfy(l -> assertThat(l).contains("type=\"plan.run\"").contains("outcome=\"retry\""));
        assertThat(series(dev, "deckhand_queue_ready")).anySatisfy(l -> assertThat(l).contains("queue=\"default\""));
        assertThat(series(dev, "deckhand_queue_latency_seconds")).anySatisfy(l -> assertThat(l).contains("queue=\"default\""));

        String web = scrapes.get("web");
        assertThat(series(web, "http_server_requests_seconds_bucket"))
                .as("web: latency histogram by route and status")
                .anySatisfy(l -> assertThat(l).contains("uri=\"/api/plans/{planId}/jobs\"").contains("status=\"202\"")
                        .contains("le=\"").contains("proctype=\"web\""));
        assertThat(series(web, "deckhand_http_client_requests_seconds_bucket"))
                .as("web: calls to the OAuth provider (token exchange at sign-in)")
                .anySatisfy(l -> assertThat(l).contains("client=\"oauth\"").contains("status=\"200\""));

        String w = scrapes.get("worker");
        assertThat(series(w, "deckhand_job_duration_seconds_bucket")).as("worker: per-type job duration histogram")
                .anySatisfy(l -> assertThat(l).contains("queue=\"default\"").contains("outcome=\"success\"").contains("type=\""));
        assertThat(series(w, "deckhand_job_attempts_total")).as("worker: attempts by outcome")
                .anySatisfy(l -> assertThat(l).contains("queue=\"default\"").contains("outcome=\"success\""));
        assertThat(series(w, "deckhand_http_client_requests_seconds_bucket")).as("worker: the step's call to the account API")
                .anySatisfy(l -> assertThat(l).contains("client=\"step\"").contains("method=\"POST\"").contains("outcome=\"SUCCESS\""));
        // The names the Helm chart's HPA (prometheus-adapter) and KEDA triggers query (docs/deploy.md 2.6).
        assertThat(series(w, "deckhand_queue_ready")).anySatisfy(l -> assertThat(l).contains("queue=\"default\""));
        assertThat(series(w, "deckhand_queue_latency_seconds")).anySatisfy(l -> assertThat(l).contains("queue=\"default\""));

        String shortWorker = scrapes.get("worker-short");
        assertThat(series(shortWorker, "deckhand_queue_latency_seconds")).anySatisfy(l -> assertThat(l).contains("queue=\"short\""));
        assertThat(series(shortWorker, "deckhand_job_attempts_total")).anySatisfy(l -> assertThat(l).contains("queue=\"short\""));

        String scheduler = scrapes.get("scheduler");
        assertThat(series(scheduler, "deckhand_scheduler_firings_total"))
                .anySatisfy(l -> assertThat(l).contains("result=\"enqueued\"").contains("schedule=\""));
        assertThat(series(scheduler, "deckhand_scheduler_overdue_seconds")).isNotEmpty();
        assertThat(series(scheduler, "http_server_requests_seconds_bucket")).as("every proctype: HTTP histograms").isNotEmpty();

        // Every metric the alert rules and the dashboard read is exported by some proctype.
        Set<String> exported = new HashSet<>();
        scrapes.values().forEach(text -> exported.addAll(names(text)));
        Map<String, Set<String>> queried = queriedMetrics();
        assertThat(queried).as("queries found in deploy/observability").hasSizeGreaterThan(15);
        queried.forEach((where, names) -> assertThat(exported).as(where).containsAll(names));

        // Log lines: a job's carry its job_id; a request's carry its request_id.
        assertThat(logLines(worker)).as("worker log lines with the queue's job_id")
                .anySatisfy(l -> assertThat(l.path("job_id").asText()).isNotEmpty());
        assertThat(logLines(stack.process("worker-short")))
                .filteredOn(l -> l.path("logger_name").asText().contains("jobqueue.worker")
                        && l.path("message").asText().startsWith("job "))
                .allSatisfy(l -> assertThat(l.path("job_id").asText()).as(l.toString()).isNotEmpty());
        // A request for a host web does not serve is logged (HostHeaderFilter) with the request's id.
        String requestId = "metrics-system-test-0001";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", stack.process("web").port)) {
            socket.getOutputStream().write(("GET /api/me HTTP/1.1\r\nHost: not-served.example\r\nX-Request-Id: "
                    + requestId + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 400");
        }
        await("web logged the rejected host").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(logLines(stack.process("web")))
                        .filteredOn(l -> l.path("message").asText().contains("not-served.example"))
                        .singleElement().satisfies(l -> assertThat(l.path("request_id").asText()).isEqualTo(requestId)));
    }

    private static String scrape(ProctypeJar p) throws Exception {
        HttpResponse<String> r = ProctypeJar.get(p.port, "/prometheus");
        assertThat(r.statusCode()).as(p.name + " /prometheus").isEqualTo(200);
        return r.body();
    }

    private static List<String> series(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).toList();
    }

    private static Set<String> names(String scrape) {
        Set<String> out = new HashSet<>();
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Where (alert name or dashboard panel) -> the metric names its query reads. */
    @SuppressWarnings("unchecked")
    private static Map<String, Set<String>> queriedMetrics() throws Exception {
        Path dir = ProctypeJar.REPOSITORY.resolve("deploy/observability");
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Map<String, Object> alerts = new Yaml().load(Files.readString(dir.resolve("alerts.yml")));
        for (Map<String, Object> group : (List<Map<String, Object>>) alerts.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String expr = String.valueOf(rule.get("expr"));
                out.put("alert " + rule.get("alert") + ": " + expr, PromQlMetricNames.of(expr));
            }
        }
        JsonNode dashboard = new ObjectMapper().readTree(dir.resolve("grafana-dashboard.json").toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                out.put("panel " + panel.path("title").asText() + ": " + expr, PromQlMetricNames.of(expr));
            }
        }
        out.values().forEach(names -> assertThat(names).isNotEmpty());
        return out;
    }

    private static List<JsonNode> logLines(ProctypeJar p) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : p.outputText().split("\n")) {
            if (line.startsWith("{")) {
                try {
                    out.add(json.readTree(line));
                } catch (Exception notJson) {
                    // a partial last line
                }
            }
        }
        return out;
    }
}
