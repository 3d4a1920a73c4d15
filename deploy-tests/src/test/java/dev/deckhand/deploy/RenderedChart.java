package dev.deckhand.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code helm template} of helm/deckhand through helm-java (its bundled native helm), parsed
 * into one map per Kubernetes object, hooks included. Navigation helpers fail loudly on a
 * missing path.
 *
 * <p>helm-java returns only the release manifest, without the hook objects the helm CLI
 * appends. So the chart is rendered from a temporary copy that has one extra, test-only
 * template: it includes every hook template's output with the {@code helm.sh/hook} prefix
 * renamed (else helm would classify the copy as a hook too and drop it), and the prefix is
 * renamed back after rendering. The hook objects are thus exactly what the chart renders.
 *
 * <p>helm-java's {@code template} also has no {@code --kube-version}: it renders with Kubernetes
 * v1.20 capabilities, which Chart.yaml's kubeVersion floor refuses. The copy's Chart.yaml
 * therefore drops kubeVersion; no template reads {@code .Capabilities} (HelmChartApiSchemaTest
 * guards that), so the output is what any supported cluster gets, and that test validates it
 * against the API schemas of the releases the floor claims.
 */
final class RenderedChart {

    static final Path CHART = RepoFiles.path("helm/deckhand");
    static final String RELEASE = "deckhand";

    private final List<Map<String, Object>> objects;

    private RenderedChart(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    static RenderedChart render(Path valuesFile) {
        return render(valuesFile, cmd -> { });
    }

    static RenderedChart render(Path valuesFile, Consumer<TemplateCommand> customize) {
        return parse(renderText(valuesFile, customize));
    }

    static String renderText(Path valuesFile, Consumer<TemplateCommand> customize) {
        Path chart = chartCopyExposingHooks();
        try {
            TemplateCommand cmd = new Helm(chart).template().withName(RELEASE).withNamespace("deckhand");
            if (valuesFile != null) {
                cmd = cmd.withValuesFile(valuesFile);
            }
            customize.accept(cmd);
            return cmd.call().replace(HOOK_ALIAS, HOOK_PREFIX);
        } finally {
            deleteRecursively(chart);
        }
    }

    private static final String HOOK_PREFIX = "helm.sh/hook";
    private static final String HOOK_ALIAS = "test.deckhand.dev/exposed-hook";

    /** Template paths (relative to templates/) whose output carries a helm.sh/hook annotation. */
    static List<String> hookTemplates() {
        Path templates = CHART.resolve("templates");
        try (Stream<Path> files = Files.walk(templates)) {
            return files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> read(f).contains(HOOK_PREFIX + ":"))
                    .map(f -> templates.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path chartCopyExposingHooks() {
        try {
            Path copy = Files.createTempDirectory("deckhand-chart").resolve("deckhand");
            try (Stream<Path> files = Files.walk(CHART)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(CHART.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
            Path chartYaml = copy.resolve("Chart.yaml");
            Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^kubeVersion:.*\n", ""));
            StringBuilder exposer = new StringBuilder();
            List<String> hooks = hookTemplates();
            for (int i = 0; i < hooks.size(); i++) {
                String var = "$hook" + i;
                exposer.append("{{- ").append(var).append(" := include (print $.Template.BasePath \"/")
                        .append(hooks.get(i)).append("\") $ }}\n")
                        .append("{{- if trim ").append(var).append(" }}\n---\n{{ ").append(var)
                        .append(" | replace \"").append(HOOK_PREFIX).append("\" \"").append(HOOK_ALIAS)
                        .append("\" }}\n{{- end }}\n");
            }
            Files.writeString(copy.resolve("templates/zz-test-exposed-hooks.yaml"), exposer.toString());
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path chart) {
        try (Stream<Path> files = Files.walk(chart.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static RenderedChart parse(String multiDocYaml) {
        LoaderOptions options = new LoaderOptions();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(options).loadAll(multiDocYaml)) {
            if (doc instanceof Map<?, ?> map && !map.isEmpty()) {
                docs.add((Map<String, Object>) map);
            }
        }
        return new RenderedChart(docs);
    }

    List<Map<String, Object>> all() {
        return objects;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(str(o, "metadata.name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name
                + " in the rendered chart; have: " + objects.stream()
                .map(o -> o.get("kind") + "/" + str(o, "metadata.name")).toList()));
    }

    static String roleName(String role) {
        return RELEASE + "-" + role;
    }

    /** Value at a dotted path (map keys only), or null when any step is missing. */
    @SuppressWarnings("unchecked")
    static Object at(Object node, String dottedPath) {
        Object current = node;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }

    static String str(Object node, String dottedPath) {
        Object v = at(node, dottedPath);
        return v == null ? null : v.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String dottedPath) {
        Object v = at(node, dottedPath);
        if (!(v instanceof Map<?, ?>)) {
            throw new AssertionError("expected a map at " + dottedPath + " but found " + v);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String dottedPath) {
        Object v = at(node, dottedPath);
        if (!(v instanceof List<?>)) {
            throw new AssertionError("expected a list at " + dottedPath + " but found " + v);
        }
        return (List<Object>) v;
    }

    /** The single container of a Deployment or Job pod template. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Map<String, Object> workload) {
        List<Object> containers = list(workload, "spec.template.spec.containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return (Map<String, Object>) containers.get(0);
    }

    /** A deep copy of a parsed object (maps and lists copied, leaves shared), for a test to break. */
    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
            return (T) out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(deepCopy(v)));
            return (T) out;
        }
        return node;
    }
}
