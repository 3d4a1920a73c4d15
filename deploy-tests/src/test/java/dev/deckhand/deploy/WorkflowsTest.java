package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.deckhand.deploy.RenderedChart.at;
import static dev.deckhand.deploy.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI and release workflows (.github/workflows): both parse as YAML and run .ci/run; the
 * release builds and pushes the six images tagged with the pom's version and the commit, packages
 * the chart with that version, creates a release with notes; the vulnerability gate (OWASP
 * dependency-check, profile vulnerability-scan, fails on CVSS >= 9) runs in both.
 */
class WorkflowsTest {

    private static final List<String> PROCTYPES = List.of("web", "worker", "worker-short", "scheduler", "devworker",
            "migrations");

    private static Map<String, Object> workflow(String name) {
        Object parsed = new Yaml().load(RepoFiles.read(".github/workflows/" + name));
        assertThat(parsed).as(name + " is a YAML mapping").isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> w = (Map<String, Object>) parsed;
        assertThat(w).as(name).containsKeys("name", "jobs");
        // YAML 1.1 reads the key `on` as boolean true.
        assertThat(w.containsKey("on") || w.containsKey(true)).as(name + " has triggers").isTrue();
        return w;
    }

    private static String runSteps(Map<String, Object> workflow, String job) {
        Object steps = at(map(workflow, "jobs"), job + ".steps");
        assertThat(steps).as(job + " steps").isInstanceOf(List.class);
        StringBuilder all = new StringBuilder();
        for (Object step : (List<?>) steps) {
            if (step instanceof Map<?, ?> s && s.get("run") != null) {
                all.append(s.get("run")).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void ciRunsCiRunAndTheVulnerabilityGate() {
        Map<String, Object> ci = workflow("ci.yml");
        assertThat(runSteps(ci, "test")).contains("bash .ci/run");
        assertThat(String.valueOf(at(map(ci, "jobs"), "test.container.image"))).startsWith("debian:bookworm");
        assertThat(runSteps(ci, "vulnerability-scan")).contains("-Pvulnerability-scan");
    }

    @Test
    void releaseTestsThenPushesSixImagesTheChartAndARelease() {
        Map<String, Object> release = workflow("release.yml");
        Map<String, Object> jobs = map(release, "jobs");
        assertThat(runSteps(release, "test")).contains("bash .ci/run");
        assertThat(runSteps(release, "vulnerability-scan")).contains("-Pvulnerability-scan");
        assertThat(runSteps(release, "version")).contains("-Dexpression=project.version");

        assertThat(String.valueOf(at(jobs, "images.needs"))).contains("test", "vulnerability-scan");
        assertThat(String.valueOf(at(jobs, "images.strategy.matrix.proctype")))
                .isEqualTo(PROCTYPES.toString());
        String images = runSteps(release, "images");
        assertThat(images).contains("docker build --pull", "--target \"$PROCTYPE\"", "--build-arg COMMIT=\"$GITHUB_SHA\"",
                "-t \"$image:$VERSION\"", "-t \"$image:$GITHUB_SHA\"", "docker push \"$image:$VERSION\"",
                "docker push \"$image:$GITHUB_SHA\"", "--version");

        String chart = runSteps(release, "chart");
        assertThat(chart).contains("helm package helm/deckhand --version \"$VERSION\" --app-version \"$VERSION\"",
                "helm push");
        assertThat(runSteps(release, "release")).contains("gh release create", "--generate-notes");
        Object on = release.containsKey("on") ? release.get("on") : release.get(true);
        assertThat(String.valueOf(on)).as("released by pushing a tag v<version>").contains("tags=[v*]");
    }

    @Test
    void theVulnerabilityGateFailsOnCriticalAndIsOffByDefault() {
        String pom = RepoFiles.read("pom.xml");
        Matcher profile = Pattern.compile("(?s)<profile>\\s*<id>vulnerability-scan</id>(.*?)</profile>").matcher(pom);
        assertThat(profile.find()).as("pom.xml has profile vulnerability-scan").isTrue();
        assertThat(profile.group(1)).contains("<artifactId>dependency-check-maven</artifactId>");
        Matcher cvss = Pattern.compile("<failBuildOnCVSS>(\\d+(?:\\.\\d+)?)</failBuildOnCVSS>").matcher(profile.group(1));
        assertThat(cvss.find()).isTrue();
        assertThat(Double.parseDouble(cvss.group(1))).as("critical is CVSS 9.0 and above").isLessThanOrEqualTo(9.0);
        assertThat(profile.group(1)).doesNotContain("<activeByDefault>true");
    }

    @Test
    void theVersionIsOnePropertyThatEveryModuleInherits() {
        String parent = RepoFiles.read("pom.xml");
        assertThat(parent).containsPattern("<artifactId>deckhand-parent</artifactId>\\s*(<!--(?s:.*?)-->\\s*)?<version>\\$\\{revision}</version>");
        assertThat(parent).containsPattern("<revision>[^<$]+</revision>");
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (modules.find()) {
            assertThat(RepoFiles.read(modules.group(1) + "/pom.xml")).as(modules.group(1))
                    .contains("<artifactId>deckhand-parent</artifactId><version>${revision}</version></parent>");
        }
    }
}
