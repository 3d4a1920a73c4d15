package dev.deckhand.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The values sets every chart test runs against, rendered once per JVM. */
enum ChartValues {
    /** The chart's own values.yaml only. */
    DEFAULTS(),
    /** EKS-like production: RDS, ElastiCache rediss://, IRSA, ALB ingress, fake secrets. */
    PRODUCTION(RepoFiles.path("deploy-tests/src/test/resources/production-values.yaml")),
    /** Production plus KEDA for the workers, NetworkPolicies, a ServiceMonitor and a helm-test floor. */
    KEDA(RepoFiles.path("deploy-tests/src/test/resources/production-values.yaml"),
            RepoFiles.path("deploy-tests/src/test/resources/keda-values.yaml"));

    private static final Map<ChartValues, RenderedChart> RENDERED = new ConcurrentHashMap<>();

    private final List<Path> files;

    ChartValues(Path... files) {
        this.files = List.of(files);
    }

    RenderedChart rendered() {
        return RENDERED.computeIfAbsent(this, v -> RenderedChart.render(null, cmd -> v.files.forEach(cmd::withValuesFile)));
    }

    static Stream<ChartValues> all() {
        return Stream.of(values());
    }
}
