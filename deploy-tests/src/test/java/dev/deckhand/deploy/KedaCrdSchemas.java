package dev.deckhand.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * KEDA's custom resources checked against KEDA's own CRDs: the openAPIV3Schema of
 * keda.sh/v1alpha1 ScaledObject and TriggerAuthentication as KEDA ships them
 * (test resources keda/, copied verbatim from kedacore/keda; version, commit and licence in
 * keda/README.md), validated with networknt's JSON Schema validator.
 *
 * <p>The CRD schema is read the way the API server reads a structural schema: an object with
 * {@code properties} and neither {@code additionalProperties} nor
 * {@code x-kubernetes-preserve-unknown-fields} knows no other field (kubectl's default strict
 * field validation refuses it; otherwise it would be pruned silently), so it becomes
 * {@code additionalProperties: false}; {@code x-kubernetes-int-or-string} becomes "integer or
 * string"; {@code nullable} admits null. Everything else (types, required, enum, minimum,
 * minLength, minItems, pattern) is JSON Schema draft 4, which OpenAPI v3's schema object is based on.
 * {@code metadata} is only {@code type: object} in a CRD (the API server checks ObjectMeta itself);
 * {@link CrdSchemas} checks it against the Kubernetes schema.
 */
final class KedaCrdSchemas {

    /** kind -> CRD file under the test resources. */
    private static final Map<String, String> CRDS = Map.of(
            "ScaledObject", "keda/keda.sh_scaledobjects.yaml",
            "TriggerAuthentication", "keda/keda.sh_triggerauthentications.yaml");
    static final String API_VERSION = "keda.sh/v1alpha1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Schema> SCHEMAS = load();

    private KedaCrdSchemas() {
    }

    static boolean covers(Map<String, Object> object) {
        return API_VERSION.equals(object.get("apiVersion")) && CRDS.containsKey(String.valueOf(object.get("kind")));
    }

    /** What the CRD's schema refuses in the object, one line per error, its location a JSON pointer (/spec/triggers/0). */
    static List<String> problems(Map<String, Object> object) {
        Schema schema = SCHEMAS.get(String.valueOf(object.get("kind")));
        return schema.validate(JSON.valueToTree(object)).stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                .toList();
    }

    /** The served version's openAPIV3Schema of one CRD file, as KEDA ships it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> openApiSchema(String kind) {
        Map<String, Object> crd;
        try (InputStream in = KedaCrdSchemas.class.getClassLoader().getResourceAsStream(CRDS.get(kind))) {
            crd = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!kind.equals(RenderedChart.str(crd, "spec.names.kind")) || !"keda.sh".equals(RenderedChart.str(crd, "spec.group"))) {
            throw new IllegalStateException(CRDS.get(kind) + " is not the CRD of keda.sh " + kind);
        }
        String version = API_VERSION.substring(API_VERSION.indexOf('/') + 1);
        for (Object v : RenderedChart.list(crd, "spec.versions")) {
            Map<String, Object> served = (Map<String, Object>) v;
            if (version.equals(served.get("name"))) {
                return RenderedChart.map(served, "schema.openAPIV3Schema");
            }
        }
        throw new IllegalStateException(CRDS.get(kind) + " does not define version " + version);
    }

    private static Map<String, Schema> load() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        Map<String, Schema> schemas = new java.util.HashMap<>();
        for (String kind : CRDS.keySet()) {
            ObjectNode schema = (ObjectNode) JSON.valueToTree(openApiSchema(kind));
            structural(schema);
            schemas.put(kind, registry.getSchema(schema));
        }
        return Map.copyOf(schemas);
    }

    /** Rewrites one schema node (and its children) from the Kubernetes reading to plain JSON Schema. */
    private static void structural(ObjectNode node) {
        node.remove("description");
        boolean preserveUnknown = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (node.path("x-kubernetes-int-or-string").asBoolean(false) && !node.has("anyOf")) {
            ArrayNode anyOf = node.putArray("anyOf");
            anyOf.addObject().put("type", "integer");
            anyOf.addObject().put("type", "string");
        }
        if (node.path("nullable").asBoolean(false) && node.has("type")) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode().add(node.get("type")).add("null");
            node.set("type", types);
        }
        node.remove("nullable");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (names.next().startsWith("x-kubernetes-")) {
                names.remove();
            }
        }
        if (node.has("properties") && !node.has("additionalProperties") && !preserveUnknown) {
            node.put("additionalProperties", false);
        }
        node.path("properties").forEach(child -> structural((ObjectNode) child));
        for (String nested : List.of("items", "additionalProperties")) {
            if (node.get(nested) instanceof ObjectNode child) {
                structural(child);
            }
        }
        for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
            for (JsonNode child : node.path(combinator)) {
                if (child instanceof ObjectNode o) {
                    structural(o);
                }
            }
        }
    }
}
