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
 * <p>KEDA's ScaledObject and TriggerAuthentication (keda.sh/v1alpha1): against KEDA's own CRD
 * schemas ({@link KedaCrdSchemas}), their metadata against the Kubernetes ObjectMeta schema
 * ({@link KubernetesApiSchemas}). A trigger's metadata is a string map in the CRD, so on top of
 * it the keys are checked against those KEDA's redis and prometheus scalers read: KEDA ignores
 * unknown keys, so a typo would silently disable a trigger.
 */
final class CrdSchemas {

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
        return KedaCrdSchemas.covers(object) || FABRIC8_MODELS.containsKey(id);
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
        problems.addAll(KedaCrdSchemas.problems(object));
        if (object.get("metadata") != null) {
            try {
                kubernetes.problems(kubernetes.modelNamed("V1ObjectMeta"), new Gson().toJsonTree(object.get("metadata")))
                        .forEach(p -> problems.add("metadata: " + p));
            } catch (ClassNotFoundException e) {
                problems.add("V1ObjectMeta does not exist in " + kubernetes);
            }
        }
        if ("ScaledObject".equals(object.get("kind"))) {
            checkTriggers(object, problems);
        }
        return problems;
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
