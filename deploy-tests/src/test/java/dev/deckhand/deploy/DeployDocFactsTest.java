package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/deploy.md names what the files it describes say: the Maven modules the Dockerfile's build
 * stage packages, and the pinned version of each third-party image of docker-compose.yml
 * wherever the doc names one as {@code `image:tag`}.
 */
class DeployDocFactsTest {

    private static final String DOC = "docs/deploy.md";

    @Test
    void theDocsBuildStageModuleListIsTheDockerfiles() {
        Matcher dockerfile = Pattern.compile("mvnw [^\\n]*-pl (\\S+) -am package").matcher(RepoFiles.read("docker/Dockerfile"));
        assertThat(dockerfile.find()).as("docker/Dockerfile's build stage runs mvnw -pl ... -am package").isTrue();
        Matcher doc = Pattern.compile("mvnw -pl (\\S+) -am package").matcher(RepoFiles.read(DOC));
        assertThat(doc.find()).as("%s quotes the build stage's Maven command", DOC).isTrue();
        assertThat(doc.group(1)).isEqualTo(dockerfile.group(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyComposeImageTheDocNamesIsTheVersionTheComposeFilePins() {
        Map<String, Object> services = RenderedChart.map(new Yaml().load(RepoFiles.read("docker-compose.yml")), "services");
        String doc = RepoFiles.read(DOC);
        List<String> named = new ArrayList<>();
        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            if (service.containsKey("build")) {
                return;
            }
            String image = String.valueOf(service.get("image"));
            String repository = image.substring(0, image.lastIndexOf(':'));
            Matcher m = Pattern.compile("`" + Pattern.quote(repository) + ":([\\w.-]+)`").matcher(doc);
            while (m.find()) {
                named.add(m.group());
                assertThat(m.group()).as("%s names %s's image", DOC, name).isEqualTo("`" + image + "`");
            }
        });
        assertThat(named).as("image references in %s", DOC).isNotEmpty();
    }
}
