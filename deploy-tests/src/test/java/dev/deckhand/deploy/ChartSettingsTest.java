package dev.deckhand.deploy;

import dev.deckhand.config.QueueSettings;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingDefinition;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.config.SettingsLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's settings are checked against SettingsCatalog, their one declaration: values.yaml's
 * {@code config} holds only plain catalogue variables, with the catalogue's default unless the
 * chart deliberately chooses otherwise (listed below, with why); {@code secrets.values} (plus the
 * migrations Job's own two) holds exactly the secret ones; the ConfigMap template refuses exactly
 * those; each role's port and workerQueues are its proctype layer's. The chart README is generated
 * from values.yaml (ChartReadmeTest), so it follows.
 */
class ChartSettingsTest {

    /** Values the chart sets on purpose to something other than the catalogue default. */
    private static final Map<String, String> CHART_CHOICES = Map.of(
            "DECKHAND_ENV", "production", // a cluster is a deploy; the catalogue's default is local
            "ENABLE_S3_STORAGE", "true"); // pods have no persistent disk: media go to S3 (IRSA)
    /** Secret variables the migrations Job gets from migrations.* instead of secrets.values. */
    private static final Set<String> MIGRATION_SECRETS = Set.of("MIGRATION_DATABASE_URL", "APP_DATABASE_PASSWORD");
    /** Plain variables the chart keeps in the Secret anyway: the key id travels with its secret key. */
    private static final Set<String> PLAIN_IN_SECRET = Set.of("AWS_ACCESS_KEY_ID");

    private static final Map<String, Object> VALUES = new Yaml().load(RepoFiles.read("helm/deckhand/values.yaml"));

    @Test
    void configHoldsPlainCatalogueVariablesWithTheCatalogueDefaultsOrADeliberateChoice() {
        Map<String, Object> config = section(VALUES, "config");
        for (Map.Entry<String, Object> e : config.entrySet()) {
            SettingDefinition<?> d = SettingsCatalog.find(e.getKey())
                    .orElseThrow(() -> new AssertionError("config." + e.getKey() + " is no catalogue variable"));
            assertThat(d.kind()).as("config.%s is secret: it belongs under secrets.values", d.name())
                    .isEqualTo(SettingDefinition.Kind.PLAIN);
            String value = String.valueOf(e.getValue());
            if (!value.isEmpty()) {
                assertThat(value).as("config.%s: the catalogue default (or add it to CHART_CHOICES with why)", d.name())
                        .isEqualTo(CHART_CHOICES.getOrDefault(d.name(), d.defaultValue().orElse("")));
            }
        }
        assertThat(config.keySet()).containsAll(CHART_CHOICES.keySet());
    }

    @Test
    void secretValuesAndTheConfigMapsRefusalsAreExactlyTheCatalogueSecrets() {
        Set<String> catalogueSecrets = SettingsCatalog.all().stream()
                .filter(d -> d.kind() != SettingDefinition.Kind.PLAIN).map(SettingDefinition::name)
                .collect(Collectors.toSet());
        Set<String> listed = new HashSet<>(section(section(VALUES, "secrets"), "values").keySet());
        listed.addAll(MIGRATION_SECRETS);
        listed.removeAll(PLAIN_IN_SECRET);
        assertThat(listed).as("secrets.values (+ migrations.*) vs the catalogue's secret variables")
                .isEqualTo(catalogueSecrets);
        assertThat(PLAIN_IN_SECRET).allMatch(name -> SettingsCatalog.find(name).isPresent());

        Matcher forbidden = Pattern.compile("\\$forbidden := list ((?:\"[A-Z0-9_]+\" ?)+)")
                .matcher(RepoFiles.read("helm/deckhand/templates/configmap.yaml"));
        assertThat(forbidden.find()).as("configmap.yaml declares $forbidden").isTrue();
        assertThat(Arrays.stream(forbidden.group(1).trim().split(" ")).map(s -> s.replace("\"", "")).toList())
                .as("names configmap.yaml refuses under config").containsExactlyInAnyOrderElementsOf(catalogueSecrets);
        Map<String, Object> schema = new Yaml().load(RepoFiles.read("helm/deckhand/values.schema.json"));
        Map<String, Object> configNames = section(section(section(schema, "properties"), "config"), "propertyNames");
        assertThat(((List<?>) section(configNames, "not").get("enum")).stream().map(String::valueOf).toList())
                .as("names values.schema.json refuses under config").containsExactlyInAnyOrderElementsOf(catalogueSecrets);
    }

    @Test
    void eachRolesPortAndQueuesAreItsProctypeLayers(@TempDir Path root) {
        Map<String, Object> roles = section(VALUES, "roles");
        for (String role : roles.keySet()) {
            Map<String, Object> r = section(roles, role);
            ResolvedSettings layered = SettingsLoader.load(role, Map.of("DECKHAND_ENV", "production"), root);
            assertThat(r.get("port")).as("roles.%s.port", role).isEqualTo(layered.value(SettingsCatalog.PORT));
            String queues = String.valueOf(r.get("workerQueues"));
            if (!queues.isEmpty()) {
                assertThat(QueueSettings.parseQueues(queues)).as("roles.%s.workerQueues", role)
                        .containsExactlyEntriesOf(layered.value(SettingsCatalog.WORKER_QUEUES));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }
}
