package dev.deckhand.deploy;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.QueueKeys;
import dev.deckhand.jobqueue.micronaut.QueueMetrics;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.redis.RedisJobEnqueuer;
import dev.deckhand.jobqueue.redis.RedisQueueAdmin;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.deckhand.deploy.RenderedChart.at;
import static dev.deckhand.deploy.RenderedChart.container;
import static dev.deckhand.deploy.RenderedChart.list;
import static dev.deckhand.deploy.RenderedChart.roleName;
import static dev.deckhand.deploy.RenderedChart.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workers scale on their queues (ready jobs, oldest job's age), web on CPU; with KEDA a
 * ScaledObject replaces a worker's HPA, never joins it. What the autoscalers watch is checked
 * against jobqueue itself: the Redis list a KEDA trigger measures is the one jobqueue's enqueue
 * fills (real Redis), and the series names are the ones jobqueue's QueueMetrics exports in
 * Prometheus format, for the queues the role's WORKER_QUEUES names (QueueSettings.parseQueues).
 */
@ExtendWith(RedisExtension.class)
class HelmChartQueueScalingTest {

    private static final List<String> WORKERS = List.of("worker", "worker-short");

    @Test
    void withoutKedaWorkersHaveAnHpaOnTheirQueueMetricsAndNoCpu() {
        RenderedChart chart = ChartValues.DEFAULTS.rendered();
        for (String role : WORKERS) {
            Map<String, Object> hpa = chart.get("HorizontalPodAutoscaler", roleName(role));
            List<Object> metrics = list(hpa, "spec.metrics");
            assertThat(metrics).as("%s scales on its queues, not CPU", role)
                    .allSatisfy(m -> assertThat(str(m, "type")).isEqualTo("External"));
            Set<String> queues = queuesOf(chart, role);
            assertThat(queues).isNotEmpty();
            for (String queue : queues) {
                assertThat(metrics).as("%s: ready jobs of queue %s", role, queue).anySatisfy(m -> {
                    assertThat(str(m, "external.metric.selector.matchLabels.queue")).isEqualTo(queue);
                    assertThat(str(m, "external.target.type")).isEqualTo("AverageValue");
                });
                assertThat(metrics).as("%s: oldest job age of queue %s", role, queue).anySatisfy(m -> {
                    assertThat(str(m, "external.metric.selector.matchLabels.queue")).isEqualTo(queue);
                    assertThat(str(m, "external.target.type")).isEqualTo("Value");
                });
            }
        }
        List<Object> web = list(chart.get("HorizontalPodAutoscaler", roleName("web")), "spec.metrics");
        assertThat(web).as("web stays on CPU").anySatisfy(m -> assertThat(str(m, "resource.name")).isEqualTo("cpu"));
        assertThat(chart.ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void withKedaEachWorkerHasAScaledObjectOnItsQueuesInsteadOfAnHpa() {
        RenderedChart chart = ChartValues.KEDA.rendered();
        for (String role : WORKERS) {
            assertThat(chart.find("HorizontalPodAutoscaler", roleName(role))).as(role).isEmpty();
            Map<String, Object> so = chart.get("ScaledObject", roleName(role));
            assertThat(str(so, "spec.scaleTargetRef.name")).isEqualTo(roleName(role));
            assertThat(str(so, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
            assertThat(at(chart.get("Deployment", roleName(role)), "spec.replicas")).as("KEDA owns replicas").isNull();
            List<Object> triggers = list(so, "spec.triggers");
            for (String queue : queuesOf(chart, role)) {
                assertThat(triggers).anySatisfy(t -> {
                    assertThat(str(t, "type")).isEqualTo("redis");
                    assertThat(str(t, "metadata.listName")).contains(queue);
                });
                assertThat(triggers).anySatisfy(t -> {
                    assertThat(str(t, "type")).isEqualTo("prometheus");
                    assertThat(str(t, "metricType")).isEqualTo("Value");
                    assertThat(str(t, "metadata.query")).contains("queue=\"" + queue + "\"");
                });
            }
            assertThat(triggers).noneMatch(t -> "cpu".equals(str(t, "type")));
        }
        assertThat(str(chart.get("ScaledObject", roleName("worker")), "spec.minReplicaCount")).isEqualTo("0");
        // devworker consumes both queues: one redis and one age trigger per queue, and no HPA.
        RenderedChart dev = RenderedChart.render(null, cmd -> {
            cmd.withValuesFile(RepoFiles.path("deploy-tests/src/test/resources/production-values.yaml"))
                    .withValuesFile(RepoFiles.path("deploy-tests/src/test/resources/keda-values.yaml"));
            cmd.set("roles.devworker.enabled", true).set("roles.devworker.autoscaling.enabled", true)
                    .set("roles.worker.enabled", false).set("roles.worker-short.enabled", false);
        });
        assertThat(dev.find("HorizontalPodAutoscaler", roleName("devworker"))).isEmpty();
        assertThat(list(dev.get("ScaledObject", roleName("devworker")), "spec.triggers"))
                .extracting(t -> str(t, "name"))
                .containsExactly("default-ready-jobs", "default-oldest-job-age", "short-ready-jobs", "short-oldest-job-age");
        assertThat(str(chart.get("HorizontalPodAutoscaler", roleName("web")), "spec.metrics")).contains("cpu");
        assertThat(str(chart.get("TriggerAuthentication", "deckhand-redis"), "spec.secretTargetRef"))
                .contains("deckhand-redis-auth");
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void noDeploymentIsTargetedByTwoAutoscalers(ChartValues values) {
        RenderedChart chart = values.rendered();
        List<String> targets = new ArrayList<>();
        chart.ofKind("HorizontalPodAutoscaler").forEach(h -> targets.add(str(h, "spec.scaleTargetRef.name")));
        chart.ofKind("ScaledObject").forEach(s -> targets.add(str(s, "spec.scaleTargetRef.name")));
        assertThat(targets).doesNotHaveDuplicates().isNotEmpty();
        for (String target : targets) {
            assertThat(chart.find("Deployment", target)).as("autoscaled Deployment %s", target).isPresent();
        }
    }

    @Test
    void kedaRedisTriggersMeasureTheListsJobqueueEnqueuesTo(TestRedis redis) {
        RenderedChart chart = ChartValues.KEDA.rendered();
        redis.flush();
        try (RedisClient client = redis.client()) {
            RedisJobEnqueuer enqueuer = new RedisJobEnqueuer(client, QueueOptions.defaults(), type -> "default");
            Map<String, Integer> enqueued = Map.of("default", 3, "short", 2);
            enqueued.forEach((queue, n) -> {
                for (int i = 0; i < n; i++) {
                    enqueuer.enqueue(EnqueueRequest.of("scaling.probe", Map.of("n", Integer.toString(i))).onQueue(queue));
                }
            });
            int checked = 0;
            for (String role : WORKERS) {
                Set<String> queues = queuesOf(chart, role);
                for (Object t : list(chart.get("ScaledObject", roleName(role)), "spec.triggers")) {
                    if (!"redis".equals(str(t, "type"))) {
                        continue;
                    }
                    String key = str(t, "metadata.listName");
                    String queue = queues.stream().filter(q -> str(t, "name").startsWith(q + "-")).findFirst()
                            .orElseThrow(() -> new AssertionError("trigger " + str(t, "name") + " names no queue of " + role));
                    assertThat(key).as("the chart's key is jobqueue's QueueKeys.ready").isEqualTo(QueueKeys.DEFAULT.ready(queue));
                    assertThat(client.type(key)).as("%s is a Redis list", key).isEqualTo("list");
                    assertThat(client.llen(key)).as("LLEN %s after enqueueing onto %s", key, queue)
                            .isEqualTo(enqueued.get(queue).longValue());
                    checked++;
                }
            }
            assertThat(checked).isEqualTo(2);
        }
    }

    @Test
    void theSeriesTheAutoscalersReadAreTheOnesWorkersExport(TestRedis redis) {
        redis.flush();
        try (RedisClient client = redis.client()) {
            JobQueueAdmin admin = new RedisQueueAdmin(client, QueueOptions.defaults());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new QueueMetrics(() -> admin, new QueueSettings(QueueSettings.parseQueues("default=10,short=20"), Duration.ofSeconds(30),
                    Duration.ofSeconds(25))).bindTo(registry);
            RedisJobEnqueuer enqueuer = new RedisJobEnqueuer(client, QueueOptions.defaults(), type -> "default");
            for (int i = 0; i < 4; i++) {
                enqueuer.enqueue(EnqueueRequest.of("scaling.probe", Map.of("n", Integer.toString(i))).onQueue("default"));
            }
            String scrape = registry.scrape();

            RenderedChart hpaChart = ChartValues.DEFAULTS.rendered();
            Set<String> hpaSeries = new LinkedHashSet<>();
            for (String role : WORKERS) {
                for (Object m : list(hpaChart.get("HorizontalPodAutoscaler", roleName(role)), "spec.metrics")) {
                    hpaSeries.add(str(m, "external.metric.name"));
                }
            }
            Set<String> promqlSeries = new LinkedHashSet<>();
            for (String role : WORKERS) {
                for (Object t : list(ChartValues.KEDA.rendered().get("ScaledObject", roleName(role)), "spec.triggers")) {
                    if ("prometheus".equals(str(t, "type"))) {
                        Matcher series = Pattern.compile("max\\(([a-zA-Z_:][a-zA-Z0-9_:]*)\\{").matcher(str(t, "metadata.query"));
                        assertThat(series.find()).as(str(t, "metadata.query")).isTrue();
                        promqlSeries.add(series.group(1));
                    }
                }
            }
            assertThat(hpaSeries).hasSize(2);
            assertThat(promqlSeries).isNotEmpty();
            Set<String> all = new LinkedHashSet<>(hpaSeries);
            all.addAll(promqlSeries);
            for (String series : all) {
                assertThat(scrape).as("workers export %s per queue", series)
                        .containsPattern("(?m)^" + series + "\\{[^}]*queue=\"default\"[^}]*\\} ")
                        .containsPattern("(?m)^" + series + "\\{[^}]*queue=\"short\"[^}]*\\} ");
            }
            // The ready-jobs series counts what was enqueued: it is the depth, not some other gauge.
            String ready = hpaSeries.stream().filter(s -> scrape.contains("# HELP " + s + " Jobs ready to run"))
                    .findFirst().orElseThrow(() -> new AssertionError("no HPA series is the ready-jobs gauge: " + hpaSeries));
            assertThat(scrape).containsPattern("(?m)^" + ready + "\\{[^}]*queue=\"default\"[^}]*\\} 4\\.0$");
        }
    }

    @Test
    void refusesScalingValuesThatCannotWork() {
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd
                .set("roles.worker.autoscaling.targetCPUUtilizationPercentage", 70)))
                .hasMessageContaining("roles.worker.autoscaling.targetCPUUtilizationPercentage");
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd
                .set("roles.worker-short.autoscaling.targetMemoryUtilizationPercentage", 80)))
                .hasMessageContaining("roles.worker-short.autoscaling.targetMemoryUtilizationPercentage");
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd.set("queueScaling.provider", "keda")))
                .hasMessageContaining("queueScaling.keda.redis.address");
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd.set("roles.worker.autoscaling.minReplicas", 0)))
                .hasMessageContaining("needs queueScaling.provider keda");
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd.set("queueScaling.provider", "keda")
                .set("queueScaling.keda.redis.enabled", false).set("queueScaling.keda.prometheus.enabled", true)
                .set("queueScaling.keda.prometheus.serverAddress", "http://prometheus:9090")
                .set("roles.worker.autoscaling.minReplicas", 0)))
                .hasMessageContaining("at zero replicas no worker exports the queue metrics");
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd.set("queueScaling.provider", "hpa")))
                .hasMessageContaining("queueScaling.provider");
        // Only Prometheus: the ready jobs come from Prometheus too.
        RenderedChart promOnly = RenderedChart.render(null, cmd -> cmd.set("queueScaling.provider", "keda")
                .set("queueScaling.keda.redis.enabled", false).set("queueScaling.keda.prometheus.enabled", true)
                .set("queueScaling.keda.prometheus.serverAddress", "http://prometheus:9090"));
        assertThat(list(promOnly.get("ScaledObject", roleName("worker")), "spec.triggers"))
                .extracting(t -> str(t, "metricType")).containsExactly("AverageValue", "Value");
    }

    /** The queues a role consumes, as the worker parses its WORKER_QUEUES. */
    private static Set<String> queuesOf(RenderedChart chart, String role) {
        for (Object e : list(container(chart.get("Deployment", roleName(role))), "env")) {
            if ("WORKER_QUEUES".equals(str(e, "name"))) {
                return QueueSettings.parseQueues(str(e, "value")).keySet();
            }
        }
        throw new AssertionError(role + " has no WORKER_QUEUES");
    }
}
