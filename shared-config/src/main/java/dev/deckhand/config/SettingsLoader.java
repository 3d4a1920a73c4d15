package dev.deckhand.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Resolves settings through the layers of {@link SettingsLayer}, later wins. The dotenv selector
 * ({@code DOTENV}) is read from the process environment, then {@code .env.local}, then
 * {@code .env}: as in ixc-django-docker, {@code .env.local} is read first to pick the layer and
 * applied again last. The environment name ({@code DECKHAND_ENV}) is read from the process
 * environment, then {@code .env.local}, {@code .env.$DOTENV}, {@code .env}, defaulting to
 * {@code local}, so a selected {@code .env.production} makes a production process.
 */
public final class SettingsLoader {

    public static final Set<String> ENVIRONMENTS = Set.of("local", "test", "staging", "production");

    private SettingsLoader() {
    }

    /** Loads for the current process: real environment, working directory or PROJECT_ROOT. */
    public static ResolvedSettings load(String proctype) {
        return load(proctype, System.getenv(), null);
    }

    /**
     * @param proctype   web, worker, worker-short, scheduler, devworker, migrations
     * @param processEnv the process environment (a map so tests need not mutate the real one)
     * @param root       directory holding dotenv files; null means PROJECT_ROOT or the cwd
     */
    public static ResolvedSettings load(String proctype, Map<String, String> processEnv, Path root) {
        Path projectRoot = root != null ? root
                : Path.of(processEnv.getOrDefault("PROJECT_ROOT", System.getProperty("user.dir"))).toAbsolutePath();
        Map<String, String> dotenv = readDotenv(projectRoot.resolve(".env"));
        Map<String, String> dotenvLocal = readDotenv(projectRoot.resolve(".env.local"));
        String dotenvName = firstNonBlank(processEnv.get("DOTENV"), dotenvLocal.get("DOTENV"), dotenv.get("DOTENV"), null);
        Map<String, String> dotenvNamed = dotenvName == null ? Map.of()
                : readDotenv(projectRoot.resolve(".env." + dotenvName));
        String environment = firstNonBlank(processEnv.get("DECKHAND_ENV"), dotenvLocal.get("DECKHAND_ENV"),
                dotenvNamed.get("DECKHAND_ENV"), dotenv.get("DECKHAND_ENV"), "local");

        Map<String, ResolvedSettings.Value> values = new HashMap<>();
        apply(values, classpath("base.env"), SettingsLayer.BASE);
        if (ENVIRONMENTS.contains(environment)) {
            apply(values, classpath("environment/" + environment + ".env"), SettingsLayer.ENVIRONMENT);
        }
        apply(values, classpath("proctype/" + proctype + ".env"), SettingsLayer.PROCTYPE);
        apply(values, dotenv, SettingsLayer.DOTENV);
        apply(values, dotenvNamed, SettingsLayer.DOTENV_NAMED);
        apply(values, dotenvLocal, SettingsLayer.DOTENV_LOCAL);
        Map<String, String> fromProcess = new LinkedHashMap<>();
        for (SettingDefinition<?> d : SettingsCatalog.all()) {
            if (processEnv.containsKey(d.name())) {
                fromProcess.put(d.name(), processEnv.get(d.name()));
            }
        }
        apply(values, fromProcess, SettingsLayer.PROCESS_ENV);
        values.put("DECKHAND_ENV", new ResolvedSettings.Value(environment,
                isSet(processEnv, "DECKHAND_ENV") ? SettingsLayer.PROCESS_ENV
                        : isSet(dotenvLocal, "DECKHAND_ENV") ? SettingsLayer.DOTENV_LOCAL
                        : isSet(dotenvNamed, "DECKHAND_ENV") ? SettingsLayer.DOTENV_NAMED
                        : isSet(dotenv, "DECKHAND_ENV") ? SettingsLayer.DOTENV : SettingsLayer.BASE));
        return new ResolvedSettings(environment, proctype, projectRoot, values);
    }

    private static void apply(Map<String, ResolvedSettings.Value> into, Map<String, String> layer, SettingsLayer which) {
        layer.forEach((k, v) -> into.put(k, new ResolvedSettings.Value(v == null ? "" : v, which)));
    }

    private static Map<String, String> classpath(String name) {
        String resource = "deckhand/settings/" + name;
        try (InputStream in = SettingsLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            return DotenvParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readDotenv(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return DotenvParser.parse(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static boolean isSet(Map<String, String> layer, String name) {
        String v = layer.get(name);
        return v != null && !v.isBlank();
    }

    /** The first non-blank candidate, stripped; the last argument is the fallback as given. */
    private static String firstNonBlank(String... candidates) {
        for (int i = 0; i < candidates.length - 1; i++) {
            if (candidates[i] != null && !candidates[i].isBlank()) {
                return candidates[i].strip();
            }
        }
        return candidates[candidates.length - 1];
    }
}
