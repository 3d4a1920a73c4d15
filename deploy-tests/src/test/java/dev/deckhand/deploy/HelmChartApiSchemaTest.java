package dev.deckhand.deploy;

import dev.deckhand.jobqueue.QueueKeys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rendered object (hooks included) is valid for the Kubernetes API of the oldest and the
 * newest release the chart is checked against (Chart.yaml kubeVersion), by the official schemas
 * ({@link KubernetesApiSchemas}); custom resources by their CRDs' schemas ({@link CrdSchemas}).
 */
class HelmChartApiSchemaTest {

    private static final List<KubernetesApiSchemas> RELEASES = KubernetesApiSchemas.configured();

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everyRenderedObjectIsValidForEachKubernetesRelease(ChartValues values) {
        List<Map<String, Object>> objects = values.rendered().all();
        assertThat(objects).hasSizeGreaterThan(10);
        for (KubernetesApiSchemas api : RELEASES) {
            List<String> problems = new ArrayList<>();
            for (Map<String, Object> o : objects) {
                String id = o.get("apiVersion") + " " + o.get("kind") + " " + RenderedChart.str(o, "metadata.name");
                List<String> found = CrdSchemas.covers(o) ? new CrdSchemas(api).problems(o) : api.problems(o);
                found.forEach(p -> problems.add(id + ": " + p));
            }
            assertThat(problems).as("%s render against %s", values, api).isEmpty();
        }
    }

    @Test
    void kedaRenderHasTheCustomResourcesItNeeds() {
        RenderedChart chart = ChartValues.KEDA.rendered();
        assertThat(chart.ofKind("ScaledObject")).hasSize(2);
        assertThat(chart.ofKind("ServiceMonitor")).hasSize(1);
        assertThat(chart.ofKind("TriggerAuthentication")).hasSize(1);
        assertThat(chart.ofKind("NetworkPolicy")).hasSize(2);
        assertThat(chart.ofKind("HorizontalPodAutoscaler")).as("web and scheduler only").hasSize(2);
        assertThat(ChartValues.DEFAULTS.rendered().ofKind("ScaledObject")).isEmpty();
    }

    @Test
    void chartClaimsTheOldestReleaseItIsCheckedAgainst() {
        Matcher floor = Pattern.compile("(?m)^kubeVersion:\\s*\">=\\s*1\\.(\\d+)\\.0(-0)?\"")
                .matcher(RepoFiles.read("helm/deckhand/Chart.yaml"));
        assertThat(floor.find()).as("Chart.yaml kubeVersion \">=1.N.0-0\"").isTrue();
        assertThat(RELEASES.get(0).kubernetesVersion()).isEqualTo("1." + floor.group(1));
    }

    @Test
    void noTemplateDependsOnTheClusterVersion() throws java.io.IOException {
        // RenderedChart renders without the kubeVersion floor (helm-java cannot set the version):
        // that is only sound while no template branches on the cluster's capabilities.
        try (var files = java.nio.file.Files.walk(RenderedChart.CHART.resolve("templates"))) {
            assertThat(files.filter(java.nio.file.Files::isRegularFile).toList()).allSatisfy(f ->
                    assertThat(java.nio.file.Files.readString(f)).as(f.toString()).doesNotContain(".Capabilities"));
        }
    }

    /** The validators can fail: each kind of mistake the API server would refuse is reported. */
    @Test
    void validatorsReportWhatTheApiServerWouldRefuse() {
        Map<String, Object> deployment = RenderedChart.deepCopy(ChartValues.DEFAULTS.rendered().get("Deployment", RenderedChart.roleName("web")));
        for (KubernetesApiSchemas api : RELEASES) {
            assertThat(api.problems(deployment)).as("the unchanged Deployment").isEmpty();

            Map<String, Object> unknownField = RenderedChart.deepCopy(deployment);
            RenderedChart.map(unknownField, "spec").put("replica", 2);
            assertThat(api.problems(unknownField)).anySatisfy(p -> assertThat(p).contains("replica"));

            Map<String, Object> wrongType = RenderedChart.deepCopy(deployment);
            RenderedChart.map(wrongType, "spec").put("revisionHistoryLimit", "five");
            assertThat(api.problems(wrongType)).anySatisfy(p -> assertThat(p).contains("revisionHistoryLimit"));

            Map<String, Object> missingRequired = RenderedChart.deepCopy(deployment);
            RenderedChart.map(missingRequired, "spec").remove("selector");
            assertThat(api.problems(missingRequired)).anySatisfy(p -> assertThat(p).contains("selector"));

            Map<String, Object> removedApi = RenderedChart.deepCopy(ChartValues.DEFAULTS.rendered().get("HorizontalPodAutoscaler",
                    RenderedChart.roleName("web")));
            removedApi.put("apiVersion", "autoscaling/v2beta1");
            assertThat(api.problems(removedApi)).anySatisfy(p -> assertThat(p).contains("is not served"));

            Map<String, Object> scaledObject = RenderedChart.deepCopy(ChartValues.KEDA.rendered().get("ScaledObject", RenderedChart.roleName("worker")));
            assertThat(new CrdSchemas(api).problems(scaledObject)).isEmpty();
            RenderedChart.map(scaledObject, "spec").put("minReplicas", 1);
            Map<String, Object> trigger = RenderedChart.map(RenderedChart.list(scaledObject, "spec.triggers").get(0), "metadata");
            trigger.put("listname", QueueKeys.DEFAULT.ready("default"));
            assertThat(new CrdSchemas(api).problems(scaledObject))
                    .anySatisfy(p -> assertThat(p).contains("minReplicas"))
                    .anySatisfy(p -> assertThat(p).contains("listname"));

            Map<String, Object> serviceMonitor = RenderedChart.deepCopy(ChartValues.KEDA.rendered().get("ServiceMonitor", "deckhand"));
            assertThat(new CrdSchemas(api).problems(serviceMonitor)).isEmpty();
            @SuppressWarnings("unchecked")
            Map<String, Object> endpoint = (Map<String, Object>) RenderedChart.list(serviceMonitor, "spec.endpoints").get(0);
            endpoint.put("metricPath", "/prometheus");
            assertThat(new CrdSchemas(api).problems(serviceMonitor)).anySatisfy(p -> assertThat(p).contains("metricPath"));
            endpoint.remove("metricPath");
            RenderedChart.map(serviceMonitor, "spec").put("sampleLimit", "many");
            assertThat(new CrdSchemas(api).problems(serviceMonitor)).anySatisfy(p -> assertThat(p).contains("sampleLimit"));
        }
    }
}
