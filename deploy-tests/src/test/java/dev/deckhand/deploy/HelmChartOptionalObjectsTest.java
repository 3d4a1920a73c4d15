package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.deckhand.deploy.RenderedChart.container;
import static dev.deckhand.deploy.RenderedChart.list;
import static dev.deckhand.deploy.RenderedChart.map;
import static dev.deckhand.deploy.RenderedChart.roleName;
import static dev.deckhand.deploy.RenderedChart.str;
import static org.assertj.core.api.Assertions.assertThat;

/** The NetworkPolicies, the ServiceMonitor and the `helm test` Pod select and reach what they should. */
class HelmChartOptionalObjectsTest {

    @Test
    void networkPoliciesAndServiceMonitorAreOptIn() {
        RenderedChart chart = ChartValues.DEFAULTS.rendered();
        assertThat(chart.ofKind("NetworkPolicy")).isEmpty();
        assertThat(chart.ofKind("ServiceMonitor")).isEmpty();
    }

    @Test
    void everyDeckhandPodIsSelectedByExactlyOneNetworkPolicyAndWebOnlyAcceptsItsPeers() {
        RenderedChart chart = ChartValues.KEDA.rendered();
        List<Map<String, Object>> policies = chart.ofKind("NetworkPolicy");
        List<Map<String, Object>> podTemplates = new ArrayList<>();
        chart.ofKind("Deployment").forEach(d -> podTemplates.add(map(d, "spec.template.metadata.labels")));
        chart.ofKind("Job").forEach(j -> podTemplates.add(map(j, "spec.template.metadata.labels")));
        for (Map<String, Object> labels : podTemplates) {
            assertThat(policies.stream().filter(p -> selects(map(p, "spec.podSelector"), labels)).count())
                    .as("policies selecting %s", labels.get("app.kubernetes.io/component")).isEqualTo(1);
        }
        Map<String, Object> web = chart.get("NetworkPolicy", roleName("web"));
        assertThat(selects(map(web, "spec.podSelector"), map(chart.get("Deployment", roleName("web")), "spec.template.metadata.labels"))).isTrue();
        List<Object> ingress = list(web, "spec.ingress");
        assertThat(ingress).anySatisfy(r -> assertThat(String.valueOf(r)).contains("10.0.0.0/20"));
        // The helm test Pod may reach web (its pod labels are what the rule selects).
        Map<String, Object> testPod = chart.get("Pod", roleName("test"));
        assertThat(ingress).anySatisfy(r -> assertThat(selects(map(list(r, "from").get(0), "podSelector"),
                map(testPod, "metadata.labels"))).isTrue());
        for (Object rule : ingress) {
            assertThat(list(rule, "ports")).as("ingress only on web's port").allSatisfy(p ->
                    assertThat(str(p, "port")).isEqualTo("8000"));
        }
        for (Map<String, Object> policy : policies) {
            assertThat(list(policy, "spec.policyTypes")).containsExactly("Ingress", "Egress");
            List<Object> egress = list(policy, "spec.egress");
            assertThat(egress).as("every egress rule is limited to ports").allSatisfy(r -> assertThat(list(r, "ports")).isNotEmpty());
            assertThat(egress).anySatisfy(r -> assertThat(list(r, "ports")).anySatisfy(p -> {
                assertThat(str(p, "port")).isEqualTo("53");
                assertThat(str(p, "protocol")).isEqualTo("UDP");
            }));
            assertThat(egress).anySatisfy(r -> {
                assertThat(str(list(r, "ports").get(0), "port")).isEqualTo("5432");
                assertThat(str(list(r, "to").get(0), "ipBlock.cidr")).isEqualTo("10.0.32.0/20");
            });
        }
    }

    @Test
    void serviceMonitorScrapesEveryRoleThroughAServiceWithItsHttpPort() {
        RenderedChart chart = ChartValues.KEDA.rendered();
        Map<String, Object> sm = chart.get("ServiceMonitor", "deckhand");
        Map<String, Object> selector = map(sm, "spec.selector");
        @SuppressWarnings("unchecked")
        Map<String, Object> endpoint = (Map<String, Object>) list(sm, "spec.endpoints").get(0);
        assertThat(str(endpoint, "path")).isEqualTo("/prometheus");
        for (String role : RepoFiles.SERVICE_ROLES) {
            Map<String, Object> podLabels = map(chart.get("Deployment", roleName(role)), "spec.template.metadata.labels");
            List<Map<String, Object>> services = chart.ofKind("Service").stream()
                    .filter(s -> selects(selector, map(s, "metadata.labels")))
                    .filter(s -> podLabels.entrySet().containsAll(map(s, "spec.selector").entrySet()))
                    .toList();
            assertThat(services).as("a scraped Service in front of %s", role).hasSize(1);
            assertThat(list(services.get(0), "spec.ports")).anySatisfy(p -> {
                assertThat(str(p, "name")).isEqualTo(str(endpoint, "port"));
                assertThat(str(p, "targetPort")).isEqualTo("http");
            });
        }
        assertThat(map(sm, "metadata.labels")).containsEntry("release", "kube-prometheus-stack");
    }

    @Test
    void helmTestPodChecksWebReadinessAndTheSchemaVersionWithTheAppCredentials() {
        RenderedChart chart = ChartValues.KEDA.rendered();
        Map<String, Object> pod = chart.get("Pod", roleName("test"));
        assertThat(map(pod, "metadata.annotations")).containsEntry("helm.sh/hook", "test");
        assertThat(str(pod, "spec.restartPolicy")).isEqualTo("Never");
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) list(pod, "spec.containers").get(0);
        String script = String.join("\n", list(c, "command").stream().map(String::valueOf).toList());
        assertThat(script).contains("/health/readiness").contains("flyway_schema_history").contains("NOT success");
        List<Object> env = list(c, "env");
        assertThat(env).contains(Map.of("name", "WEB_HOST", "value", roleName("web")),
                Map.of("name", "WEB_PORT", "value", str(list(chart.get("Service", roleName("web")), "spec.ports").get(0), "port")),
                Map.of("name", "MIN_SCHEMA_VERSION", "value", "2"));
        assertThat(env).anySatisfy(e -> {
            assertThat(str(e, "name")).isEqualTo("DATABASE_URL");
            assertThat(str(e, "valueFrom.secretKeyRef.name")).isEqualTo("deckhand-secrets");
        });
        assertThat(str(c, "image")).doesNotEndWith(":latest").contains(":");
        RenderedChart external = RenderedChart.render(null, cmd -> cmd.set("secrets.existingSecret", "deckhand-external"));
        assertThat(HelmChartSecurityTest.referencedSecrets(external.get("Pod", roleName("test")))).containsExactly("deckhand-external");
        assertThat(RenderedChart.render(null, cmd -> cmd.set("tests.enabled", false)).ofKind("Pod")).isEmpty();
    }

    /** Whether a LabelSelector (matchLabels, matchExpressions with In) selects these labels. */
    @SuppressWarnings("unchecked")
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        Map<String, Object> matchLabels = (Map<String, Object>) selector.getOrDefault("matchLabels", Map.of());
        if (!labels.entrySet().containsAll(matchLabels.entrySet())) {
            return false;
        }
        for (Object e : (List<Object>) selector.getOrDefault("matchExpressions", List.of())) {
            Map<String, Object> expr = (Map<String, Object>) e;
            if (!"In".equals(expr.get("operator"))) {
                throw new AssertionError("only In is understood here: " + expr);
            }
            if (!((List<Object>) expr.get("values")).contains(labels.get(String.valueOf(expr.get("key"))))) {
                return false;
            }
        }
        return true;
    }
}
