package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * renovate.json parses and covers every kind of dependency the repository declares: Maven
 * (poms), the Maven wrapper, the Dockerfile's base images (through a regex manager: the FROM lines
 * use ARG JDK_IMAGE / JRE_IMAGE), compose images, the Helm chart and the workflows' actions; security
 * alerts are on. Each manager's files exist, so a rename here cannot silently stop the updates.
 */
class RenovateConfigTest {

    @SuppressWarnings("unchecked")
    private static final Map<String, Object> CONFIG = (Map<String, Object>) new Yaml().load(RepoFiles.read("renovate.json"));

    @Test
    void coversMavenTheWrapperImagesComposeTheChartAndActions() {
        List<Object> managers = List.copyOf((List<?>) CONFIG.get("enabledManagers"));
        assertThat(managers).contains("maven", "maven-wrapper", "dockerfile", "docker-compose", "helmv3", "helm-values",
                "github-actions", "custom.regex");
        // What each manager reads is where Renovate looks for it by default.
        for (String file : List.of("pom.xml", ".mvn/wrapper/maven-wrapper.properties", "docker/Dockerfile",
                "docker-compose.yml", "helm/deckhand/Chart.yaml", "helm/deckhand/values.yaml",
                ".github/workflows/ci.yml", ".github/workflows/release.yml")) {
            assertThat(RepoFiles.path(file)).as(file).isRegularFile();
        }
        assertThat(RepoFiles.read(".mvn/wrapper/maven-wrapper.properties")).contains("distributionUrl=");
    }

    @Test
    void theDockerfileBaseImageVersionIsFoundByTheRegexManager() {
        List<?> custom = (List<?>) CONFIG.get("customManagers");
        assertThat(custom).hasSize(1);
        Map<?, ?> manager = (Map<?, ?>) custom.get(0);
        assertThat(manager.get("depNameTemplate")).isEqualTo("eclipse-temurin");
        assertThat(String.valueOf(manager.get("managerFilePatterns"))).contains("docker/Dockerfile");
        String dockerfile = RepoFiles.read("docker/Dockerfile");
        List<?> regexes = (List<?>) manager.get("matchStrings");
        assertThat(regexes).hasSize(2);
        List<String> majors = new java.util.ArrayList<>();
        for (Object regex : regexes) {
            Matcher m = Pattern.compile((String) regex).matcher(dockerfile);
            assertThat(m.find()).as("%s matches docker/Dockerfile", regex).isTrue();
            assertThat(m.group("currentValue")).matches("\\d+");
            majors.add(m.group("currentValue"));
        }
        assertThat(majors.get(1)).as("build and runtime on one Java major").isEqualTo(majors.get(0));
        assertThat(dockerfile).contains("FROM ${JDK_IMAGE} AS build", "FROM ${JRE_IMAGE} AS runtime");
    }

    @Test
    void securityUpdatesComeAtOnceAndMajorsStayWithProduction() {
        assertThat(CONFIG.get("osvVulnerabilityAlerts")).isEqualTo(true);
        Map<?, ?> alerts = (Map<?, ?>) CONFIG.get("vulnerabilityAlerts");
        assertThat(alerts.get("enabled")).isEqualTo(true);
        assertThat(String.valueOf(alerts.get("schedule"))).contains("at any time");
        // The compose database image is PostgreSQL 16, as in production and tests: Renovate keeps it there.
        String compose = RepoFiles.read("docker-compose.yml");
        assertThat(compose).contains("image: postgres:16");
        List<?> rules = (List<?>) CONFIG.get("packageRules");
        assertThat(rules).anySatisfy(r -> {
            Map<?, ?> rule = (Map<?, ?>) r;
            assertThat(String.valueOf(rule.get("matchPackageNames"))).contains("postgres");
            assertThat(rule.get("allowedVersions")).isEqualTo("<17");
        });
    }
}
