package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.deckhand.deploy.RenderedChart.container;
import static dev.deckhand.deploy.RenderedChart.list;
import static dev.deckhand.deploy.RenderedChart.map;
import static dev.deckhand.deploy.RenderedChart.roleName;
import static dev.deckhand.deploy.RenderedChart.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What specific values do to the rendered chart, and which values it refuses. */
class HelmChartValuesTest {

    @Test
    void productionValuesPutSecretsInTheSecretAndS3AccessOnIrsa() {
        RenderedChart chart = ChartValues.PRODUCTION.rendered();
        Map<String, Object> secret = map(chart.get("Secret", "deckhand-secrets"), "stringData");
        assertThat(secret).containsKeys("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DB_ENCRYPTION_KEY",
                "OAUTH_CLIENT_SECRET", "SENTRY_DSN");
        assertThat(secret.get("REDIS_URL").toString()).startsWith("rediss://");
        // Unset optional secrets are left out (no AWS keys: IRSA is used instead).
        assertThat(secret).doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AUTH_WALL_PASSWORD");
        assertThat(map(chart.get("ServiceAccount", "deckhand"), "metadata.annotations"))
                .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/deckhand-s3");
        String configMapText = chart.get("ConfigMap", "deckhand-config").toString();
        for (Object value : secret.values()) {
            assertThat(configMapText).doesNotContain(value.toString());
        }
        assertThat(map(chart.get("Secret", "deckhand-migrations"), "stringData"))
                .containsKeys("MIGRATION_DATABASE_URL", "APP_DATABASE_PASSWORD");
    }

    @Test
    void productionValuesScaleRolesIndependently() {
        RenderedChart chart = ChartValues.PRODUCTION.rendered();
        assertThat(str(chart.get("HorizontalPodAutoscaler", roleName("web")), "spec.minReplicas")).isEqualTo("3");
        assertThat(chart.find("HorizontalPodAutoscaler", roleName("worker-short"))).isEmpty();
        assertThat(str(chart.get("Deployment", roleName("worker-short")), "spec.replicas")).isEqualTo("3");
        assertThat(str(chart.get("PodDisruptionBudget", roleName("web")), "spec.minAvailable")).isEqualTo("2");
        assertThat(str(container(chart.get("Deployment", roleName("worker"))), "resources.requests.cpu")).isEqualTo("1");
        assertThat(str(container(chart.get("Deployment", roleName("web"))), "image"))
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/deckhand-web:1.4.2");
        assertThat(str(chart.get("Ingress", roleName("web")), "spec.ingressClassName")).isEqualTo("alb");
    }

    @Test
    void existingSecretReplacesTheRenderedSecret() {
        RenderedChart chart = RenderedChart.render(null, cmd -> cmd.set("secrets.existingSecret", "deckhand-external"));
        assertThat(chart.find("Secret", "deckhand-secrets")).isEmpty();
        assertThat(HelmChartSecurityTest.referencedSecrets(chart.get("Deployment", roleName("web"))))
                .containsExactly("deckhand-external");
        // The migrations Job also reads the app secrets, which exist before install.
        assertThat(HelmChartSecurityTest.referencedSecrets(chart.get("Job", "deckhand-migrations")))
                .containsExactly("deckhand-external", "deckhand-migrations");
    }

    @Test
    void devworkerCanReplaceTheTwoWorkers() {
        RenderedChart chart = RenderedChart.render(null, cmd -> cmd.set("roles.devworker.enabled", true)
                .set("roles.worker.enabled", false).set("roles.worker-short.enabled", false));
        assertThat(chart.find("Deployment", roleName("devworker"))).isPresent();
        assertThat(chart.find("PodDisruptionBudget", roleName("devworker"))).isPresent();
        assertThat(chart.find("Deployment", roleName("worker"))).isEmpty();
        assertThat(chart.find("Deployment", roleName("worker-short"))).isEmpty();
        assertThat(list(container(chart.get("Deployment", roleName("devworker"))), "env"))
                .contains(Map.of("name", "WORKER_QUEUES", "value", "default=5,short=5"));
    }

    /**
     * Issue 13 items 2 and 6: the chart says which forwarding header its proxies write, and its
     * Ingress sends the metrics and health prefixes (Prefix rules, so /prometheus/ and /prometheus/x
     * too) to a fixed 404 instead of the app.
     */
    @Test
    void ingressKeepsMetricsAndHealthInsideAndTheChartNamesTheForwardingHeader() {
        RenderedChart chart = ChartValues.PRODUCTION.rendered();
        assertThat(map(chart.get("ConfigMap", "deckhand-config"), "data")).containsEntry("FORWARDED_HEADER", "x-forwarded-for");
        Map<String, Object> ingress = chart.get("Ingress", roleName("web"));
        java.util.List<Object> paths = list(list(ingress, "spec.rules").get(0), "http.paths");
        for (String internal : java.util.List.of("/prometheus", "/health")) {
            Object rule = paths.stream().filter(p -> internal.equals(str(p, "path"))).findFirst()
                    .orElseThrow(() -> new AssertionError(internal + " has no rule in " + paths));
            assertThat(str(rule, "pathType")).as(internal).isEqualTo("Prefix");
            assertThat(str(rule, "backend.service.name")).as(internal).isNotEqualTo(roleName("web"));
            String action = str(rule, "backend.service.name");
            assertThat(str(rule, "backend.service.port.name")).isEqualTo("use-annotation");
            assertThat(map(ingress, "metadata.annotations").get("alb.ingress.kubernetes.io/actions." + action))
                    .asString().contains("fixed-response").contains("404");
        }
        assertThat(paths.stream().filter(p -> "/".equals(str(p, "path"))).findFirst().orElseThrow())
                .satisfies(p -> assertThat(str(p, "backend.service.name")).isEqualTo(roleName("web")));

        // Other controllers: the prefixes go to a Service that does not exist (the controller answers itself).
        RenderedChart nginx = RenderedChart.render(null, cmd -> cmd.set("ingress.enabled", true)
                .set("ingress.className", "nginx"));
        java.util.List<Object> nginxPaths = list(list(nginx.get("Ingress", roleName("web")), "spec.rules").get(0), "http.paths");
        assertThat(nginxPaths).anySatisfy(p -> {
            assertThat(str(p, "path")).isEqualTo("/prometheus");
            assertThat(str(p, "pathType")).isEqualTo("Prefix");
            assertThat(str(p, "backend.service.name")).isNotEqualTo(roleName("web"));
        });
    }

    @Test
    void refusesAGracePeriodShorterThanPreStopPlusDrain() {
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd
                .set("lifecycle.terminationGracePeriodSeconds", 30)))
                .hasMessageContaining("must exceed");
    }

    @Test
    void refusesASecretPutUnderConfig() {
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd.set("config.SECRET_KEY", "oops")))
                .hasMessageContaining("SECRET_KEY");
    }

    @Test
    void valuesSchemaRejectsMistypedValues() {
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd.set("roles.web.port", "http")))
                .hasMessageContaining("roles.web.port");
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd.set("roles.web.replicaCount", 3)))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> RenderedChart.render(null, cmd -> cmd.set("config.DECKHAND_ENV", "prod")))
                .hasMessageContaining("DECKHAND_ENV");
    }

    @Test
    void hookObjectsAreRenderedForTheTests() {
        // helm-java drops hooks from `template`; RenderedChart re-exposes them. Guard that it still does.
        assertThat(RenderedChart.hookTemplates())
                .containsExactly("migrations/job.yaml", "migrations/secret.yaml", "tests/test-release.yaml");
        assertThat(ChartValues.DEFAULTS.rendered().ofKind("Job")).hasSize(1);
        assertThat(ChartValues.DEFAULTS.rendered().ofKind("Pod")).hasSize(1);
    }

    @Test
    void migrationsCanBeSwitchedOff() {
        RenderedChart chart = RenderedChart.render(null, cmd -> cmd.set("migrations.enabled", false));
        assertThat(chart.find("Job", "deckhand-migrations")).isEmpty();
        assertThat(chart.find("Secret", "deckhand-migrations")).isEmpty();
    }
}
