package dev.deckhand.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.deckhand.deploy.RenderedChart.at;
import static dev.deckhand.deploy.RenderedChart.container;
import static dev.deckhand.deploy.RenderedChart.list;
import static dev.deckhand.deploy.RenderedChart.map;
import static dev.deckhand.deploy.RenderedChart.roleName;
import static dev.deckhand.deploy.RenderedChart.str;
import static org.assertj.core.api.Assertions.assertThat;

/** Secrets stay out of ConfigMaps, elevated credentials reach only the migrations Job, pods are hardened. */
class HelmChartSecurityTest {

    /** Key names that say "secret" (SettingsCatalog's SECRET-kind names all match). */
    private static final Pattern SECRET_KEY_NAME = Pattern.compile(".*(SECRET|PASSWORD|KEY|DSN|TOKEN).*");
    /** scheme://user:password@ or scheme://:password@ */
    private static final Pattern URL_WITH_CREDENTIALS = Pattern.compile("[a-z][a-z0-9+.-]*://[^/\\s@]*:[^/\\s@]+@");

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void configMapsHoldNoSecretValues(ChartValues values) {
        List<Map<String, Object>> configMaps = values.rendered().ofKind("ConfigMap");
        assertThat(configMaps).isNotEmpty();
        for (Map<String, Object> cm : configMaps) {
            Map<String, Object> data = map(cm, "data");
            assertThat(data.keySet()).as("ConfigMap %s keys", str(cm, "metadata.name"))
                    .noneMatch(k -> SECRET_KEY_NAME.matcher(k).matches());
            assertThat(data.values()).as("ConfigMap %s values", str(cm, "metadata.name"))
                    .noneMatch(v -> URL_WITH_CREDENTIALS.matcher(String.valueOf(v)).find());
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void jobDrainFitsInsideTheGracePeriod(ChartValues values) {
        RenderedChart chart = values.rendered();
        int drain = Integer.parseInt(str(chart.get("ConfigMap", "deckhand-config"), "data.JOB_DRAIN_TIMEOUT_SECONDS"));
        for (String role : RepoFiles.SERVICE_ROLES) {
            Map<String, Object> deployment = chart.get("Deployment", roleName(role));
            int grace = (Integer) at(deployment, "spec.template.spec.terminationGracePeriodSeconds");
            List<Object> preStop = list(container(deployment), "lifecycle.preStop.exec.command");
            assertThat(preStop.get(0)).isEqualTo("sleep");
            int preStopSeconds = Integer.parseInt(preStop.get(1).toString());
            assertThat(grace).as("%s: grace > preStop %d + drain %d", role, preStopSeconds, drain)
                    .isGreaterThan(preStopSeconds + drain);
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void everyPodIsHardened(ChartValues values) {
        List<Map<String, Object>> workloads = new ArrayList<>(values.rendered().ofKind("Deployment"));
        workloads.addAll(values.rendered().ofKind("Job"));
        // Bare Pods (the `helm test` hook) are checked through the same paths as a pod template.
        values.rendered().ofKind("Pod").forEach(p -> workloads.add(Map.of("metadata", p.get("metadata"),
                "spec", Map.of("template", Map.of("spec", p.get("spec"))))));
        assertThat(workloads).hasSizeGreaterThan(RepoFiles.SERVICE_ROLES.size() + 1);
        for (Map<String, Object> w : workloads) {
            String name = str(w, "metadata.name");
            Map<String, Object> pod = map(w, "spec.template.spec.securityContext");
            assertThat(pod).as(name).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
            assertThat(str(pod, "seccompProfile.type")).as(name).isEqualTo("RuntimeDefault");
            Map<String, Object> c = map(container(w), "securityContext");
            assertThat(c).as(name).containsEntry("allowPrivilegeEscalation", false)
                    .containsEntry("readOnlyRootFilesystem", true).containsEntry("runAsNonRoot", true);
            assertThat(list(c, "capabilities.drop")).as(name).containsExactly("ALL");
            assertThat(str(c, "seccompProfile.type")).as(name).isEqualTo("RuntimeDefault");
            // Read-only root: /tmp must be a writable emptyDir.
            assertThat(list(container(w), "volumeMounts")).as(name)
                    .anySatisfy(m -> assertThat(((Map<?, ?>) m).get("mountPath")).isEqualTo("/tmp"));
            assertThat(list(w, "spec.template.spec.volumes")).as(name).anySatisfy(v -> {
                assertThat(((Map<?, ?>) v).get("name")).isEqualTo("tmp");
                assertThat(((Map<?, ?>) v).containsKey("emptyDir")).isTrue();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void onlyTheMigrationsJobReferencesTheElevatedCredentials(ChartValues values) {
        RenderedChart chart = values.rendered();
        String elevated = "deckhand-migrations";
        Map<String, Object> secret = chart.get("Secret", elevated);
        assertThat(map(secret, "metadata.annotations").get("helm.sh/hook")).isEqualTo("pre-install,pre-upgrade");
        for (Map<String, Object> o : chart.all()) {
            boolean isTheSecret = "Secret".equals(o.get("kind")) && elevated.equals(str(o, "metadata.name"));
            boolean isTheJob = "Job".equals(o.get("kind")) && elevated.equals(str(o, "metadata.name"));
            if (isTheSecret || isTheJob) {
                continue;
            }
            assertThat(referencedSecrets(o)).as("%s %s", o.get("kind"), str(o, "metadata.name"))
                    .doesNotContain(elevated);
        }
        assertThat(referencedSecrets(chart.get("Job", elevated))).contains(elevated);
        // The app pods never see the owner URL, whatever the Secret is called.
        for (String role : RepoFiles.SERVICE_ROLES) {
            assertThat(list(container(chart.get("Deployment", roleName(role))), "env"))
                    .noneMatch(e -> "MIGRATION_DATABASE_URL".equals(((Map<?, ?>) e).get("name")));
        }
        assertThat(String.valueOf(at(chart.get("Secret", "deckhand-secrets"), "stringData")))
                .doesNotContain("MIGRATION_DATABASE_URL");
    }

    @ParameterizedTest
    @EnumSource(ChartValues.class)
    void migrationsRunAsAPreInstallAndPreUpgradeHookAfterTheirSecret(ChartValues values) {
        RenderedChart chart = values.rendered();
        Map<String, Object> job = chart.get("Job", "deckhand-migrations");
        Map<String, Object> annotations = map(job, "metadata.annotations");
        assertThat(annotations).containsEntry("helm.sh/hook", "pre-install,pre-upgrade");
        assertThat(String.valueOf(annotations.get("helm.sh/hook-delete-policy"))).contains("before-hook-creation");
        int jobWeight = Integer.parseInt(String.valueOf(annotations.get("helm.sh/hook-weight")));
        int secretWeight = Integer.parseInt(String.valueOf(
                map(chart.get("Secret", "deckhand-migrations"), "metadata.annotations").get("helm.sh/hook-weight")));
        assertThat(secretWeight).isLessThan(jobWeight);
        assertThat(str(job, "spec.template.spec.restartPolicy")).isEqualTo("Never");
    }

    /** Names of Secrets an object points at through envFrom, env valueFrom or volumes. */
    @SuppressWarnings("unchecked")
    static List<String> referencedSecrets(Object node) {
        List<String> found = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (String refKey : List.of("secretRef", "secretKeyRef")) {
                if (map.get(refKey) instanceof Map<?, ?> ref && ref.get("name") != null) {
                    found.add(ref.get("name").toString());
                }
            }
            if (map.get("secret") instanceof Map<?, ?> vol && vol.get("secretName") != null) {
                found.add(vol.get("secretName").toString());
            }
            map.values().forEach(v -> found.addAll(referencedSecrets(v)));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> found.addAll(referencedSecrets(v)));
        }
        return found;
    }
}
