package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The build writes the parent pom's version into deckhand/build.properties for BuildInfo. */
class BuildInfoTest {

    @Test
    void versionIsThePomVersionAndTheLineNamesTheProctype() {
        String pomVersion = System.getProperty("deckhand.version");
        assertThat(pomVersion).as("surefire passes ${project.version}").isNotBlank().doesNotStartWith("${");
        assertThat(BuildInfo.current().version()).isEqualTo(pomVersion);
        assertThat(BuildInfo.current().commit()).isNotBlank().doesNotStartWith("${");
        assertThat(BuildInfo.current().describe("worker")).startsWith("deckhand-worker " + pomVersion + " (commit ");
    }
}
