package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** helm/deckhand/README.md is what ChartReadme generates from values.yaml, and every value is documented. */
class ChartReadmeTest {

    @Test
    void readmeIsGeneratedFromTheCurrentValues() throws Exception {
        assertThat(Files.readString(ChartReadme.CHART.resolve("README.md")))
                .as("helm/deckhand/README.md is stale: run bin/chart-readme")
                .isEqualTo(ChartReadme.generate());
    }

    @Test
    void everyValueHasARow() throws Exception {
        List<ChartReadme.Row> rows = ChartReadme.rows(Files.readString(ChartReadme.CHART.resolve("values.yaml")));
        assertThat(rows).extracting(ChartReadme.Row::key).contains("image.repository", "roles.worker.autoscaling.targetReadyJobsPerReplica",
                "queueScaling.provider", "queueScaling.keda.redis.address", "networkPolicy.egress.postgres.cidrs",
                "serviceMonitor.enabled", "tests.minSchemaVersion", "config.DECKHAND_ENV", "roles.web.resources");
        assertThat(rows).allSatisfy(r -> assertThat(r.description()).as(r.key()).isNotBlank());
        assertThat(rows).filteredOn(r -> r.key().equals("roles.worker-short.autoscaling.targetReadyJobsPerReplica"))
                .singleElement().satisfies(r -> {
                    assertThat(r.type()).isEqualTo("int");
                    assertThat(r.defaultValue()).isEqualTo("20");
                });
    }

    @Test
    void anUndocumentedValueIsRefused() {
        assertThatThrownBy(() -> ChartReadme.rows("""
                image:
                  # -- Documented.
                  repository: deckhand
                  tag: ""
                """)).hasMessageContaining("image.tag");
        assertThat(ChartReadme.rows("""
                # -- A documented map is one row.
                podSecurityContext:
                  runAsUser: 10001
                  seccompProfile:
                    type: RuntimeDefault
                # -- A documented list too.
                hosts:
                  - host: a
                    paths: [/]
                """)).extracting(ChartReadme.Row::key, ChartReadme.Row::defaultValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("podSecurityContext", "{\"runAsUser\":10001,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}"),
                org.assertj.core.groups.Tuple.tuple("hosts", "[{\"host\":\"a\",\"paths\":[\"/\"]}]"));
    }
}
