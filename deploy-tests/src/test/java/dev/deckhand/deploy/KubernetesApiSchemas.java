package dev.deckhand.deploy;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official Kubernetes API schema of one Kubernetes release, as the Kubernetes project's Java
 * client (io.kubernetes:client-java-api) generates it from that release's OpenAPI spec: one model
 * class per definition, each with a generated validator that refuses fields the API does not
 * define, missing required fields and objects/arrays/scalars in each other's place. On top of it,
 * {@link #problems} checks scalar types against the model's field types (integer, boolean,
 * string; quantities and int-or-string take either), which the generated validator leaves to
 * deserialisation, so a manifest the API server would refuse (unknown field with strict field
 * validation, "cannot unmarshal string into int32", an apiVersion/kind the release does not
 * serve) is reported here.
 *
 * <p>The jars come from deploy-tests' pom (maven-dependency-plugin), one class loader per release
 * (system property deckhand.k8s.schemas: {@code 1.28=/path.jar,1.35=/path.jar}); Gson is shared
 * from the test class path so the annotations are the same classes.
 */
final class KubernetesApiSchemas {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final Gson GSON = new Gson();

    private final String kubernetesVersion;
    private final ClassLoader models;

    private KubernetesApiSchemas(String kubernetesVersion, ClassLoader models) {
        this.kubernetesVersion = kubernetesVersion;
        this.models = models;
    }

    /** Every release configured in deckhand.k8s.schemas, oldest first as listed. */
    static List<KubernetesApiSchemas> configured() {
        String spec = System.getProperty("deckhand.k8s.schemas");
        if (spec == null || spec.isBlank()) {
            throw new IllegalStateException("system property deckhand.k8s.schemas is not set (run through Maven: "
                    + "deploy-tests' pom copies the client-java-api jars)");
        }
        List<KubernetesApiSchemas> out = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String[] kv = entry.split("=", 2);
            Path jar = Path.of(kv[1].trim());
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing " + jar + " (generate-test-resources copies it)");
            }
            try {
                out.add(new KubernetesApiSchemas(kv[0].trim(), new URLClassLoader(new URL[] {jar.toUri().toURL()},
                        KubernetesApiSchemas.class.getClassLoader())));
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    String kubernetesVersion() {
        return kubernetesVersion;
    }

    /** The model class of apiVersion/kind in this release, e.g. apps/v1 Deployment -> V1Deployment. */
    Class<?> modelOf(String apiVersion, String kind) throws ClassNotFoundException {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return modelNamed(Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind);
    }

    Class<?> modelNamed(String simpleName) throws ClassNotFoundException {
        return Class.forName(MODELS + simpleName, true, models);
    }

    /** What this release's API would refuse in a built-in object; empty when it is valid. */
    List<String> problems(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        String kind = String.valueOf(object.get("kind"));
        Class<?> model;
        try {
            model = modelOf(apiVersion, kind);
        } catch (ClassNotFoundException e) {
            return List.of(apiVersion + " " + kind + " is not served by Kubernetes " + kubernetesVersion);
        }
        return problems(model, GSON.toJsonTree(object));
    }

    /** Problems of a JSON value against one model class (also used for types embedded in CRDs). */
    List<String> problems(Class<?> model, JsonElement json) {
        List<String> problems = new ArrayList<>();
        try {
            generatedValidator(model).invoke(null, validatorArgument(model, json));
        } catch (InvocationTargetException e) {
            problems.add(model.getSimpleName() + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no generated validator on " + model, e);
        }
        checkTypes(model, json, model.getSimpleName(), problems);
        return problems;
    }

    // client-java >= 21 generates validateJsonElement(JsonElement), older ones validateJsonObject(JsonObject).
    private static Method generatedValidator(Class<?> model) throws NoSuchMethodException {
        try {
            return model.getMethod("validateJsonElement", JsonElement.class);
        } catch (NoSuchMethodException e) {
            return model.getMethod("validateJsonObject", JsonObject.class);
        }
    }

    private static Object validatorArgument(Class<?> model, JsonElement json) throws NoSuchMethodException {
        return generatedValidator(model).getParameterTypes()[0] == JsonObject.class ? json.getAsJsonObject() : json;
    }

    private void checkTypes(Class<?> model, JsonElement json, String path, List<String> problems) {
        if (!json.isJsonObject()) {
            return; // the generated validator reports objects in the wrong place
        }
        Map<String, Field> fields = serializedFields(model);
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject().entrySet()) {
            Field f = fields.get(e.getKey());
            if (f != null) {
                checkValue(f.getGenericType(), e.getValue(), path + "." + e.getKey(), problems);
            }
        }
    }

    private void checkValue(Type type, JsonElement value, String path, List<String> problems) {
        if (value.isJsonNull()) {
            return;
        }
        if (type instanceof ParameterizedType p) {
            Type raw = p.getRawType();
            Type item = p.getActualTypeArguments()[p.getActualTypeArguments().length - 1];
            if (raw == List.class || raw == java.util.Set.class) {
                if (value.isJsonArray()) {
                    JsonArray array = value.getAsJsonArray();
                    for (int i = 0; i < array.size(); i++) {
                        checkValue(item, array.get(i), path + "[" + i + "]", problems);
                    }
                }
            } else if (raw == Map.class && value.isJsonObject()) {
                for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
                    checkValue(item, e.getValue(), path + "." + e.getKey(), problems);
                }
            }
            return;
        }
        if (!(type instanceof Class<?> c)) {
            return;
        }
        String expected = null;
        if (c == Integer.class || c == Long.class) {
            expected = isPrimitive(value) && value.getAsJsonPrimitive().isNumber()
                    && value.getAsDouble() == Math.rint(value.getAsDouble()) ? null : "an integer";
        } else if (c == Double.class || c == Float.class) {
            expected = isPrimitive(value) && value.getAsJsonPrimitive().isNumber() ? null : "a number";
        } else if (c == Boolean.class) {
            expected = isPrimitive(value) && value.getAsJsonPrimitive().isBoolean() ? null : "a boolean";
        } else if (c == String.class || c == OffsetDateTime.class || c.isEnum()) {
            expected = isPrimitive(value) && value.getAsJsonPrimitive().isString() ? null : "a string";
        } else if (c.getName().endsWith(".Quantity") || c.getName().endsWith(".IntOrString")) {
            expected = isPrimitive(value) && !value.getAsJsonPrimitive().isBoolean() ? null : "a string or a number";
        } else if (c.getName().startsWith(MODELS)) {
            checkTypes(c, value, path, problems);
        }
        if (expected != null) {
            problems.add(path + " must be " + expected + " but is " + value);
        }
    }

    private static boolean isPrimitive(JsonElement value) {
        return value instanceof JsonPrimitive;
    }

    private static Map<String, Field> serializedFields(Class<?> model) {
        Map<String, Field> out = new LinkedHashMap<>();
        for (Field f : model.getDeclaredFields()) {
            SerializedName name = f.getAnnotation(SerializedName.class);
            if (name != null && !Modifier.isStatic(f.getModifiers())) {
                out.put(name.value(), f);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Kubernetes " + kubernetesVersion;
    }
}
