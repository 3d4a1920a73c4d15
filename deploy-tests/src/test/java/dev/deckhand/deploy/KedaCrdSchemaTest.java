package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.deckhand.deploy.RenderedChart.list;
import static dev.deckhand.deploy.RenderedChart.map;
import static dev.deckhand.deploy.RenderedChart.roleName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The KEDA render's ScaledObjects and TriggerAuthentication pass KEDA's real CRD schemas
 * (keda/ test resources, {@link KedaCrdSchemas}), and a broken render fails them: the schema is
 * the CRD's, so each mistake below is one the API server would refuse.
 */
class KedaCrdSchemaTest {

    private static final RenderedChart KEDA = ChartValues.KEDA.rendered();

    @Test
    void theStoredCrdsAreKedasScaledObjectAndTriggerAuthentication() {
        assertThat(list(KedaCrdSchemas.openApiSchema("ScaledObject"), "required")).containsExactly("spec");
        assertThat(map(KedaCrdSchemas.openApiSchema("ScaledObject"), "properties.spec.properties"))
                .containsKeys("scaleTargetRef", "triggers", "minReplicaCount", "maxReplicaCount", "advanced");
        assertThat(map(KedaCrdSchemas.openApiSchema("TriggerAuthentication"), "properties.spec.properties"))
                .containsKeys("secretTargetRef", "env", "podIdentity");
    }

    @Test
    void renderedKedaObjectsPassKedasCrdSchemas() {
        List<Map<String, Object>> objects = new ArrayList<>(KEDA.ofKind("ScaledObject"));
        objects.addAll(KEDA.ofKind("TriggerAuthentication"));
        assertThat(objects).hasSize(3);
        for (Map<String, Object> o : objects) {
            assertThat(KedaCrdSchemas.covers(o)).isTrue();
            assertThat(KedaCrdSchemas.problems(o)).as("%s %s", o.get("kind"), RenderedChart.str(o, "metadata.name")).isEmpty();
        }
    }

    @Test
    void aTriggerWithoutMetadataFails() {
        Map<String, Object> so = scaledObject();
        first(so, "spec.triggers").remove("metadata");
        assertThat(KedaCrdSchemas.problems(so)).anySatisfy(p -> assertThat(p).contains("/spec/triggers/0").contains("metadata"));
    }

    @Test
    void aWrongFieldTypeFails() {
        Map<String, Object> so = scaledObject();
        map(so, "spec").put("pollingInterval", "15s");
        map(list(so, "spec.triggers").get(0), "metadata").put("listLength", 5);
        assertThat(KedaCrdSchemas.problems(so))
                .anySatisfy(p -> assertThat(p).contains("/spec/pollingInterval").contains("integer"))
                .anySatisfy(p -> assertThat(p).contains("listLength").contains("string"));
    }

    @Test
    void aFieldTheCrdDoesNotDefineFails() {
        Map<String, Object> so = scaledObject();
        map(so, "spec").put("minReplicas", 1);
        map(so, "spec.scaleTargetRef").put("deployment", "x");
        assertThat(KedaCrdSchemas.problems(so))
                .anySatisfy(p -> assertThat(p).contains("minReplicas"))
                .anySatisfy(p -> assertThat(p).contains("deployment"));
    }

    @Test
    void valuesOutsideTheCrdsLimitsFail() {
        Map<String, Object> so = scaledObject();
        map(so, "spec").put("maxReplicaCount", 0);
        map(so, "spec").put("triggers", List.of());
        map(so, "spec.scaleTargetRef").remove("name");
        assertThat(KedaCrdSchemas.problems(so))
                .anySatisfy(p -> assertThat(p).contains("maxReplicaCount"))
                .anySatisfy(p -> assertThat(p).contains("triggers"))
                .anySatisfy(p -> assertThat(p).contains("name"));
    }

    @Test
    void aTriggerAuthenticationWithoutTheSecretKeyFails() {
        Map<String, Object> auth = RenderedChart.deepCopy(KEDA.get("TriggerAuthentication", "deckhand-redis"));
        first(auth, "spec.secretTargetRef").remove("key");
        assertThat(KedaCrdSchemas.problems(auth)).anySatisfy(p -> assertThat(p).contains("/spec/secretTargetRef/0").contains("key"));
    }

    private static Map<String, Object> scaledObject() {
        return RenderedChart.deepCopy(KEDA.get("ScaledObject", roleName("worker")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Map<String, Object> object, String listPath) {
        return (Map<String, Object>) list(object, listPath).get(0);
    }
}
