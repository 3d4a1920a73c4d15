package dev.deckhand.deploy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The values sets every chart test runs against, rendered once per JVM. */
enum ChartValues {
    /** The chart's own values.yaml only. */
    DEFAULTS(null),
    /** EKS-like production: RDS, ElastiCache rediss://, IRSA, ALB ingress, fake secrets. */
    PRODUCTION(RepoFiles.path("deploy-tests/src/test/resources/production-values.yaml"));

    private static final Map<ChartValues, RenderedChart> RENDERED = new ConcurrentHashMap<>();

    private final Path file;

    ChartValues(Path file) {
        this.file = file;
    }

    RenderedChart rendered() {
        return RENDERED.computeIfAbsent(this, v -> RenderedChart.render(v.file));
    }

    static Stream<ChartValues> all() {
        return Stream.of(values());
    }
}
