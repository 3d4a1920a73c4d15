package dev.deckhand.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.gson.Gson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of the custom resources the chart renders, which no Kubernetes release schema covers.
 *
 * <p>ServiceMonitor (monitoring.coreos.com/v1): against fabric8's model of it
 * (io.fabric8:openshift-model-monitoring), generated from the Prometheus Operator CRD's
 * openAPIV3Schema. fabric8 models keep unknown fields instead of refusing them, so every
 * object of the deserialised tree must have empty additionalProperties, and scalars are not
 * coerced (a string where the schema says integer fails).
 *
 * <p>KEDA's ScaledObject and TriggerAuthentication (keda.sh/v1alpha1, KEDA 2.x): no Maven
 * artifact ships their CRDs or a model of them, so their structure is written down here: the
 * fields the CRD defines for the parts the chart may render, with types and required fields;
 * any other field is refused, as the API server's pruning would silently drop it. Embedded
 * Kubernetes types (ObjectMeta, the HPA behavior) are checked against the official schema
 * ({@link KubernetesApiSchemas}). Trigger metadata is checked against the keys KEDA's redis and
 * prometheus scalers read, since KEDA ignores unknown keys (a typo would silently disable a trigger).
 */
final class CrdSchemas {

    interface Shape {
    }

    /** An object: its fields and the required ones. */
    record Obj(Map<String, Shape> fields, Set<String> required) implements Shape {
    }

    /** "string", "integer", "boolean" or "int-or-string", optionally restricted to values. */
    record Scalar(String type, Set<String> values) implements Shape {
    }

    record ListOf(Shape item) implements Shape {
    }

    record MapOf(Shape value) implements Shape {
    }

    /** A Kubernetes API type, by client-java model name (e.g. V1ObjectMeta). */
    record Model(String name) implements Shape {
    }

    private static final Scalar STRING = new Scalar("string", Set.of());
    private static final Scalar INTEGER = new Scalar("integer", Set.of());
    private static final Scalar BOOLEAN = new Scalar("boolean", Set.of());
    private static final Scalar INT_OR_STRING = new Scalar("int-or-string", Set.of());

    private static Obj obj(Set<String> required, Object... nameShape) {
        java.util.LinkedHashMap<String, Shape> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameShape.length; i += 2) {
            fields.put((String) nameShape[i], (Shape) nameShape[i + 1]);
        }
        return new Obj(fields, required);
    }

    private static Obj resource(Obj spec) {
        return obj(Set.of("apiVersion", "kind", "metadata", "spec"), "apiVersion", STRING, "kind", STRING,
                "metadata", new Model("V1ObjectMeta"), "spec", spec);
    }

    /** keda.sh/v1alpha1 ScaledObject (KEDA 2.x CRD). */
    static final Obj SCALED_OBJECT = resource(obj(Set.of("scaleTargetRef", "triggers"),
            "scaleTargetRef", obj(Set.of("name"), "apiVersion", STRING, "kind", STRING, "name", STRING,
                    "envSourceContainerName", STRING),
            "pollingInterval", INTEGER,
            "initialCooldownPeriod", INTEGER,
            "cooldownPeriod", INTEGER,
            "idleReplicaCount", INTEGER,
            "minReplicaCount", INTEGER,
            "maxReplicaCount", INTEGER,
            "fallback", obj(Set.of("failureThreshold", "replicas"), "failureThreshold", INTEGER, "replicas", INTEGER,
                    "behavior", new Scalar("string", Set.of("static", "currentReplicas",
                            "currentReplicasIfHigher", "currentReplicasIfLower"))),
            "advanced", obj(Set.of(), "restoreToOriginalReplicaCount", BOOLEAN,
                    "horizontalPodAutoscalerConfig", obj(Set.of(), "name", STRING,
                            "behavior", new Model("V2HorizontalPodAutoscalerBehavior")),
                    "scalingModifiers", obj(Set.of(), "formula", STRING, "target", STRING,
                            "activationTarget", STRING, "metricType", STRING)),
            "triggers", new ListOf(obj(Set.of("type", "metadata"),
                    "type", STRING, "name", STRING, "useCachedMetrics", BOOLEAN,
                    "metricType", new Scalar("string", Set.of("AverageValue", "Value", "Utilization")),
                    "metadata", new MapOf(STRING),
                    "authenticationRef", obj(Set.of("name"), "name", STRING, "kind", STRING)))));

    /** keda.sh/v1alpha1 TriggerAuthentication (the secretTargetRef and env parts). */
    static final Obj TRIGGER_AUTHENTICATION = resource(obj(Set.of(),
            "secretTargetRef", new ListOf(obj(Set.of("parameter", "name", "key"),
                    "parameter", STRING, "name", STRING, "key", STRING)),
            "env", new ListOf(obj(Set.of("parameter", "name"), "parameter", STRING, "name", STRING,
                    "containerName", STRING))));

    /** Metadata keys each KEDA scaler reads, and those it needs (any one of each inner set). */
    private static final Map<String, Set<String>> TRIGGER_KEYS = Map.of(
            "redis", Set.of("address", "addressFromEnv", "host", "hostFromEnv", "port", "portFromEnv",
                    "username", "usernameFromEnv", "passwordFromEnv", "databaseIndex", "enableTLS", "unsafeSsl",
                    "listName", "listLength", "activationListLength"),
            "prometheus", Set.of("serverAddress", "query", "threshold", "activationThreshold", "namespace",
                    "customHeaders", "ignoreNullValues", "unsafeSsl", "queryParameters", "authModes"));
    private static final Map<String, List<Set<String>>> TRIGGER_NEEDS = Map.of(
            "redis", List.of(Set.of("listName"), Set.of("address", "addressFromEnv", "host", "hostFromEnv")),
            "prometheus", List.of(Set.of("serverAddress"), Set.of("query"), Set.of("threshold")));

    private static final Map<String, Obj> BY_KIND = Map.of(
            "keda.sh/v1alpha1 ScaledObject", SCALED_OBJECT,
            "keda.sh/v1alpha1 TriggerAuthentication", TRIGGER_AUTHENTICATION);

    /** Custom resources checked against a fabric8 model generated from their CRD. */
    private static final Map<String, Class<?>> FABRIC8_MODELS = Map.of(
            "monitoring.coreos.com/v1 ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class);

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final KubernetesApiSchemas kubernetes;

    CrdSchemas(KubernetesApiSchemas kubernetes) {
        this.kubernetes = kubernetes;
    }

    static boolean covers(Map<String, Object> object) {
        String id = object.get("apiVersion") + " " + object.get("kind");
        return BY_KIND.containsKey(id) || FABRIC8_MODELS.containsKey(id);
    }

    List<String> problems(Map<String, Object> object) {
        List<String> problems = new ArrayList<>();
        Class<?> fabric8 = FABRIC8_MODELS.get(object.get("apiVersion") + " " + object.get("kind"));
        if (fabric8 != null) {
            try {
                unknownFields(STRICT.convertValue(object, fabric8), String.valueOf(object.get("kind")), problems,
                        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            return problems;
        }
        check(BY_KIND.get(object.get("apiVersion") + " " + object.get("kind")), object, String.valueOf(object.get("kind")),
                problems);
        if ("ScaledObject".equals(object.get("kind"))) {
            checkTriggers(object, problems);
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private void check(Shape shape, Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (shape instanceof Obj o) {
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(path + " must be an object but is " + value);
                return;
            }
            for (String r : o.required()) {
                if (!map.containsKey(r)) {
                    problems.add(path + "." + r + " is required");
                }
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Shape field = o.fields().get(String.valueOf(e.getKey()));
                if (field == null) {
                    problems.add(path + "." + e.getKey() + " is not a field of the CRD schema");
                } else {
                    check(field, e.getValue(), path + "." + e.getKey(), problems);
                }
            }
        } else if (shape instanceof ListOf l) {
            if (!(value instanceof List<?> list)) {
                problems.add(path + " must be an array but is " + value);
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                check(l.item(), list.get(i), path + "[" + i + "]", problems);
            }
        } else if (shape instanceof MapOf m) {
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(path + " must be an object but is " + value);
                return;
            }
            map.forEach((k, v) -> check(m.value(), v, path + "." + k, problems));
        } else if (shape instanceof Scalar s) {
            boolean ok = switch (s.type()) {
                case "string" -> value instanceof String;
                case "integer" -> value instanceof Integer || value instanceof Long;
                case "boolean" -> value instanceof Boolean;
                default -> value instanceof String || value instanceof Integer || value instanceof Long;
            };
            if (!ok) {
                problems.add(path + " must be " + s.type() + " but is " + value);
            } else if (!s.values().isEmpty() && !s.values().contains(String.valueOf(value))) {
                problems.add(path + " must be one of " + s.values() + " but is " + value);
            }
        } else if (shape instanceof Model m) {
            try {
                kubernetes.problems(kubernetes.modelNamed(m.name()), new Gson().toJsonTree(value))
                        .forEach(p -> problems.add(path + ": " + p));
            } catch (ClassNotFoundException e) {
                problems.add(path + ": " + m.name() + " does not exist in " + kubernetes);
            }
        }
    }

    /** Fields a fabric8 model did not know, kept in additionalProperties anywhere in the tree. */
    private static void unknownFields(Object node, String path, List<String> problems, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", problems, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (java.lang.reflect.Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": " + extra.keySet() + " not in the CRD schema");
                }
            } else {
                String name = getter.getName().substring(3);
                unknownFields(value, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), problems, seen);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkTriggers(Map<String, Object> scaledObject, List<String> problems) {
        Object triggers = RenderedChart.at(scaledObject, "spec.triggers");
        if (!(triggers instanceof List<?> list)) {
            return;
        }
        for (Object t : list) {
            Map<String, Object> trigger = (Map<String, Object>) t;
            String type = String.valueOf(trigger.get("type"));
            Set<String> known = TRIGGER_KEYS.get(type);
            if (known == null) {
                problems.add("trigger type " + type + " is not one this check knows (redis, prometheus)");
                continue;
            }
            Map<String, Object> metadata = (Map<String, Object>) trigger.getOrDefault("metadata", Map.of());
            for (String key : metadata.keySet()) {
                if (!known.contains(key)) {
                    problems.add(type + " trigger metadata." + key + " is not read by KEDA's " + type + " scaler");
                }
            }
            for (Set<String> anyOf : TRIGGER_NEEDS.get(type)) {
                if (anyOf.stream().noneMatch(metadata::containsKey)) {
                    problems.add(type + " trigger needs metadata " + String.join(" or ", anyOf));
                }
            }
        }
    }
}
