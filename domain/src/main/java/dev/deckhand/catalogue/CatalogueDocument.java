package dev.deckhand.catalogue;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalogue-as-code format (YAML; JSON is valid YAML too), products -> versions -> plans ->
 * steps, as typed records. Reading checks the shape and names the place of every problem
 * ({@code products[0].versions[1].plans[0].steps[2]: name is required}); unknown keys are
 * refused so a typo is not silently ignored. Step configs are checked later, by the same
 * {@code StepKinds.validate} as the admin API ({@link CatalogueCode#apply}).
 *
 * <pre>
 * products:
 *   - slug: demo-notes            # key; lowercase letters, digits, dashes
 *     title: Demo notes
 *     description: ...            # optional
 *     versions:
 *       - label: "1.0"            # key within the product
 *         listed: true            # optional, default true
 *         plans:
 *           - slug: install       # key within the version
 *             title: Install
 *             preflight_required: true   # optional, default true
 *             steps:              # exactly the plan's steps, in this order
 *               - name: Create    # key within the plan
 *                 kind: http
 *                 order: 10       # optional: default the previous step's order + 1 (first: 1)
 *                 required: true  # optional, default true (false: the user may leave it out)
 *                 config: {...}
 * </pre>
 *
 * Two documents are equal when they describe the same catalogue: defaults are filled in and
 * every step carries its effective order.
 */
public record CatalogueDocument(List<ProductDoc> products) {

    public record ProductDoc(String slug, String title, String description, List<VersionDoc> versions) {
    }

    public record VersionDoc(String label, boolean listed, List<PlanDoc> plans) {
    }

    public record PlanDoc(String slug, String title, boolean preflightRequired, List<StepDoc> steps) {
    }

    public record StepDoc(String name, int order, String kind, boolean required, Map<String, Object> config) {
    }

    public static CatalogueDocument read(Reader yaml) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("catalogue file is not valid YAML: " + e.getMessage());
        }
        Map<String, Object> top = map(root == null ? Map.of() : root, "catalogue file", Set.of("products"));
        List<ProductDoc> products = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        List<Object> items = list(top.get("products"), "products");
        for (int i = 0; i < items.size(); i++) {
            String at = "products[" + i + "]";
            Map<String, Object> p = map(items.get(i), at, Set.of("slug", "title", "description", "versions"));
            String slug = text(p, "slug", at);
            unique(slugs, slug, at + ": product slug");
            products.add(new ProductDoc(slug, text(p, "title", at), optionalText(p, "description", at, ""),
                    versions(p.get("versions"), at)));
        }
        return new CatalogueDocument(List.copyOf(products));
    }

    private static List<VersionDoc> versions(Object value, String parent) {
        List<VersionDoc> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        List<Object> items = list(value, parent + ".versions");
        for (int i = 0; i < items.size(); i++) {
            String at = parent + ".versions[" + i + "]";
            Map<String, Object> v = map(items.get(i), at, Set.of("label", "listed", "plans"));
            String label = text(v, "label", at);
            unique(labels, label, at + ": version label");
            out.add(new VersionDoc(label, bool(v, "listed", at, true), plans(v.get("plans"), at)));
        }
        return List.copyOf(out);
    }

    private static List<PlanDoc> plans(Object value, String parent) {
        List<PlanDoc> out = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        List<Object> items = list(value, parent + ".plans");
        for (int i = 0; i < items.size(); i++) {
            String at = parent + ".plans[" + i + "]";
            Map<String, Object> p = map(items.get(i), at, Set.of("slug", "title", "preflight_required", "steps"));
            String slug = text(p, "slug", at);
            unique(slugs, slug, at + ": plan slug");
            out.add(new PlanDoc(slug, text(p, "title", at), bool(p, "preflight_required", at, true),
                    steps(p.get("steps"), at)));
        }
        return List.copyOf(out);
    }

    private static List<StepDoc> steps(Object value, String parent) {
        List<StepDoc> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<Integer, String> orders = new LinkedHashMap<>();
        int previous = 0;
        List<Object> items = list(value, parent + ".steps");
        for (int i = 0; i < items.size(); i++) {
            String at = parent + ".steps[" + i + "]";
            Map<String, Object> s = map(items.get(i), at, Set.of("name", "kind", "order", "required", "config"));
            String name = text(s, "name", at);
            unique(names, name, at + ": step name");
            int order;
            Object o = s.get("order");
            if (o == null) {
                order = previous + 1;
            } else if (o instanceof Integer n) {
                order = n;
            } else {
                throw new IllegalArgumentException(at + ": order must be a whole number");
            }
            String taken = orders.putIfAbsent(order, name);
            if (taken != null) {
                throw new IllegalArgumentException(at + ": step '" + name + "' has order " + order
                        + ", as has step '" + taken + "'");
            }
            previous = order;
            Object config = s.get("config");
            @SuppressWarnings("unchecked") Map<String, Object> c = config == null ? Map.of()
                    : (Map<String, Object>) map(config, at + ".config", null);
            out.add(new StepDoc(name, order, text(s, "kind", at), bool(s, "required", at, true), c));
        }
        return List.copyOf(out);
    }

    /** This document as YAML, in the order of its lists, every default written out. */
    public void write(Writer out) {
        List<Object> ps = new ArrayList<>();
        for (ProductDoc p : products) {
            List<Object> vs = new ArrayList<>();
            for (VersionDoc v : p.versions()) {
                List<Object> pls = new ArrayList<>();
                for (PlanDoc pl : v.plans()) {
                    List<Object> ss = new ArrayList<>();
                    for (StepDoc s : pl.steps()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", s.name());
                        m.put("order", s.order());
                        m.put("kind", s.kind());
                        m.put("required", s.required());
                        m.put("config", s.config());
                        ss.add(m);
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("slug", pl.slug());
                    m.put("title", pl.title());
                    m.put("preflight_required", pl.preflightRequired());
                    m.put("steps", ss);
                    pls.add(m);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("label", v.label());
                m.put("listed", v.listed());
                m.put("plans", pls);
                vs.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slug", p.slug());
            m.put("title", p.title());
            m.put("description", p.description());
            m.put("versions", vs);
            ps.add(m);
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        new Yaml(new Representer(options), options).dump(Map.of("products", ps), out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String at, Set<String> allowed) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(at + " must be a mapping (key: value)");
        }
        for (Object key : m.keySet()) {
            if (!(key instanceof String k)) {
                throw new IllegalArgumentException(at + ": keys must be text");
            }
            if (allowed != null && !allowed.contains(k)) {
                throw new IllegalArgumentException(at + ": unknown key '" + k + "' (expected " + allowed + ")");
            }
        }
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String at) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            throw new IllegalArgumentException(at + " must be a list");
        }
        return (List<Object>) l;
    }

    private static String text(Map<String, Object> m, String key, String at) {
        Object v = m.get(key);
        if (v == null || v instanceof Map || v instanceof List || v.toString().isBlank()) {
            throw new IllegalArgumentException(at + ": " + key + " is required");
        }
        return v.toString();
    }

    private static String optionalText(Map<String, Object> m, String key, String at, String fallback) {
        return m.get(key) == null ? fallback : text(m, key, at);
    }

    private static boolean bool(Map<String, Object> m, String key, String at, boolean fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(at + ": " + key + " must be true or false");
        }
        return b;
    }

    private static void unique(Set<String> seen, String value, String what) {
        if (!seen.add(value)) {
            throw new IllegalArgumentException(what + " '" + value + "' appears twice");
        }
    }
}
