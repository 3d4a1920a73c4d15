package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.config.net.Cidr;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Typed reads through catalogue constants: the value the layers set, else the catalogue default;
 * an empty scalar means the default (as the old {@code getInt(name, fallback)} did), an empty list
 * is the empty list (so {@code ADMIN_API_ALLOWED_SUBNETS=} still admits nobody).
 */
class TypedSettingsTest {

    @TempDir
    Path root;

    private ResolvedSettings load(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.putIfAbsent("DECKHAND_ENV", "test");
        return SettingsLoader.load("web", all, root);
    }

    @Test
    void aValueFromAnyLayerIsParsedToItsType() {
        ResolvedSettings s = load(Map.of("TOKEN_LIFETIME_MINUTES", " 42 ", "DEBUG", "yes", "OTEL_TRACES_SAMPLER_ARG", "0.25",
                "DECKHAND_ADMINS", "alice, bob ,,", "TRUSTED_PROXIES", "10.0.0.0/8"));
        assertThat(s.value(SettingsCatalog.TOKEN_LIFETIME_MINUTES)).isEqualTo(42);
        assertThat(s.value(SettingsCatalog.DEBUG)).isTrue();
        assertThat(s.value(SettingsCatalog.OTEL_TRACES_SAMPLER_ARG)).isEqualTo(0.25);
        assertThat(s.value(SettingsCatalog.DECKHAND_ADMINS)).containsExactly("alice", "bob");
        assertThat(s.value(SettingsCatalog.TRUSTED_PROXIES)).extracting(Cidr::toString).containsExactly("10.0.0.0/8");
        assertThat(s.value(SettingsCatalog.PORT)).as("proctype layer").isEqualTo(8000);
    }

    @Test
    void anEmptyScalarMeansTheCatalogueDefaultAndAnEmptyListMeansNone() {
        ResolvedSettings s = load(Map.of("MAX_QUEUE_LENGTH", "", "AUTH_WALL_REALM", "", "ADMIN_API_ALLOWED_SUBNETS", ""));
        assertThat(s.value(SettingsCatalog.MAX_QUEUE_LENGTH)).isEqualTo(10_000);
        assertThat(s.value(SettingsCatalog.AUTH_WALL_REALM)).isEqualTo("Deckhand");
        assertThat(s.value(SettingsCatalog.ADMIN_API_ALLOWED_SUBNETS)).isEmpty();
        assertThat(load(Map.of()).value(SettingsCatalog.ADMIN_API_ALLOWED_SUBNETS)).hasSize(2);
    }

    @Test
    void aVariableWithoutValueOrDefaultIsAbsent() {
        ResolvedSettings s = load(Map.of());
        assertThat(s.find(SettingsCatalog.SENTRY_DSN)).isEmpty();
        assertThat(s.find(SettingsCatalog.OPERATOR_EMAIL)).contains(List.of());
        assertThatThrownBy(() -> s.value(SettingsCatalog.AWS_BUCKET_NAME)).hasMessage("AWS_BUCKET_NAME is not set");
    }

    @Test
    void pathsResolveAgainstTheProjectRoot() {
        assertThat(load(Map.of()).path(SettingsCatalog.MEDIA_ROOT)).isEqualTo(root.resolve("var/media"));
        assertThat(load(Map.of("MEDIA_ROOT", "/srv/media")).path(SettingsCatalog.MEDIA_ROOT)).isEqualTo(Path.of("/srv/media"));
    }

    @Test
    void everyConstantIsInTheCatalogueOnceAndEveryDefaultPassesItsOwnCheck() throws Exception {
        List<SettingDefinition<?>> constants = new ArrayList<>();
        for (Field f : SettingsCatalog.class.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && f.getType() == SettingDefinition.class) {
                constants.add((SettingDefinition<?>) f.get(null));
            }
        }
        assertThat(SettingsCatalog.all()).containsExactlyInAnyOrderElementsOf(constants);
        assertThat(SettingsCatalog.all()).extracting(SettingDefinition::name).doesNotHaveDuplicates();
        ResolvedSettings s = load(Map.of());
        for (SettingDefinition<?> d : SettingsCatalog.all()) {
            d.defaultValue().filter(v -> !v.isEmpty()).ifPresent(v -> {
                assertThat(d.check().problem(v, s)).as("default of %s", d.name()).isEmpty();
                assertThat(s.find(d)).as("default of %s parses", d.name()).isPresent();
            });
        }
    }

    @Test
    void queueSettingsKeepAnEmptyWorkerQueuesEmpty() {
        assertThat(QueueSettings.from(load(Map.of("WORKER_QUEUES", "", "JOB_DRAIN_TIMEOUT_SECONDS", "7"))))
                .isEqualTo(new QueueSettings(Map.of(), java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(7)));
        assertThat(QueueSettings.from(load(Map.of())).workerQueues()).containsExactly(Map.entry("default", 10),
                Map.entry("short", 10));
        assertThat(QueueSettings.from(load(Map.of("WORKER_QUEUES", "short=20, default"))).workerQueues())
                .containsExactly(Map.entry("short", 20), Map.entry("default", 1));
    }
}
