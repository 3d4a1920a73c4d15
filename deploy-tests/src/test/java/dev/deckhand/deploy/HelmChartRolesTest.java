package dev.deckhand.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static dev.deckhand.deploy.RenderedChart.at;
import static dev.deckhand.deploy.RenderedChart.container;
import static dev.deckhand.deploy.RenderedChart.list;
import static dev.deckhand.deploy.RenderedChart.roleName;
import static dev.deckhand.deploy.RenderedChart.str;
import static org.assertj.core.api.Assertions.assertThat;

/** Every role is its own Deployment with its own HPA and PDB, probes, ports and labels. */
class HelmChartRolesTest {

    private static final Map<String, Integer> PORTS =
            Map.of("web", 8000, "worker", 8081, "worker-short", 8082, "scheduler", 8083);

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everyRoleHasDeploymentAutoscalingOrReplicasAndDisruptionBudget(ChartValues values) {
        RenderedChart chart = values.rendered();
        for (String role : RepoFiles.SERVICE_ROLES) {
            Map<String, Object> deployment = chart.get("Deployment", roleName(role));
            assertThat(chart.find("PodDisruptionBudget", roleName(role))).as("PDB of %s", role).isPresent();
            boolean autoscaled = chart.find("HorizontalPodAutoscaler", roleName(role)).isPresent()
                    || chart.find("ScaledObject", roleName(role)).isPresent();
            // With an autoscaler (HPA, or KEDA's ScaledObject) the Deployment leaves replicas to it;
            // without one it sets them itself.
            assertThat(at(deployment, "spec.replicas") == null).as("replicas of %s vs autoscaler", role).isEqualTo(autoscaled);
            chart.find("HorizontalPodAutoscaler", roleName(role)).ifPresent(h ->
                    assertThat(str(h, "spec.scaleTargetRef.name")).isEqualTo(roleName(role)));
            assertThat(str(chart.get("PodDisruptionBudget", roleName(role)), "spec.selector.matchLabels"))
                    .isEqualTo(str(deployment, "spec.selector.matchLabels"));
        }
        assertThat(chart.find("Deployment", roleName("devworker"))).as("devworker is off by default").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void defaultValuesAutoscaleEveryRole(ChartValues values) {
        if (values != ChartValues.DEFAULTS) {
            return;
        }
        for (String role : RepoFiles.SERVICE_ROLES) {
            assertThat(values.rendered().find("HorizontalPodAutoscaler", roleName(role))).as(role).isPresent();
        }
        assertThat(values.rendered().ofKind("ScaledObject")).as("KEDA is opt-in").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void probesHitTheHealthEndpointsOnTheRolePort(ChartValues values) {
        for (String role : RepoFiles.SERVICE_ROLES) {
            Map<String, Object> c = container(values.rendered().get("Deployment", roleName(role)));
            assertThat(str(c, "startupProbe.httpGet.path")).isEqualTo("/health");
            assertThat(str(c, "livenessProbe.httpGet.path")).isEqualTo("/health");
            assertThat(str(c, "readinessProbe.httpGet.path")).isEqualTo("/health/readiness");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(str(c, probe + ".httpGet.port")).as("%s %s", role, probe).isEqualTo("http");
            }
            Map<?, ?> port = (Map<?, ?>) list(c, "ports").get(0);
            assertThat(port.get("name")).isEqualTo("http");
            assertThat(port.get("containerPort")).as(role).isEqualTo(PORTS.get(role));
            assertThat(list(c, "env")).as("PORT env of %s", role)
                    .contains(Map.of("name", "PORT", "value", String.valueOf(PORTS.get(role))));
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everyObjectCarriesTheRecommendedLabels(ChartValues values) {
        for (Map<String, Object> o : values.rendered().all()) {
            Map<String, Object> labels = RenderedChart.map(o, "metadata.labels");
            assertThat(labels).as("%s %s", o.get("kind"), str(o, "metadata.name"))
                    .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/instance",
                            "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of");
        }
        for (String role : RepoFiles.SERVICE_ROLES) {
            Map<String, Object> podLabels = RenderedChart.map(values.rendered().get("Deployment", roleName(role)),
                    "spec.template.metadata.labels");
            assertThat(podLabels).containsEntry("app.kubernetes.io/component", role);
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void webServiceTargetsTheWebPods(ChartValues values) {
        Map<String, Object> service = values.rendered().get("Service", roleName("web"));
        assertThat(RenderedChart.map(service, "spec.selector")).containsEntry("app.kubernetes.io/component", "web");
        assertThat(((Map<?, ?>) list(service, "spec.ports").get(0)).get("targetPort")).isEqualTo("http");
    }
}
