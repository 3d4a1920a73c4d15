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
 * Resolves settings through the layers of {@link SettingsLayer}, later wins. The environment name
 * ({@code DECKHAND_ENV}) and the dotenv selector ({@code DOTENV}) are read from the process
 * environment first, then from {@code .env}, defaulting to {@code local}.
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
        String environment = firstNonBlank(processEnv.get("DECKHAND_ENV"), dotenv.get("DECKHAND_ENV"), "local");
        String dotenvName = firstNonBlank(processEnv.get("DOTENV"), dotenv.get("DOTENV"), null);

        Map<String, ResolvedSettings.Value> values = new HashMap<>();
        apply(values, classpath("base.env"), SettingsLayer.BASE);
        if (ENVIRONMENTS.contains(environment)) {
            apply(values, classpath("environment/" + environment + ".env"), SettingsLayer.ENVIRONMENT);
        }
        apply(values, classpath("proctype/" + proctype + ".env"), SettingsLayer.PROCTYPE);
        apply(values, dotenv, SettingsLayer.DOTENV);
        if (dotenvName != null) {
            apply(values, readDotenv(projectRoot.resolve(".env." + dotenvName)), SettingsLayer.DOTENV_NAMED);
        }
        apply(values, readDotenv(projectRoot.resolve(".env.local")), SettingsLayer.DOTENV_LOCAL);
        Map<String, String> fromProcess = new LinkedHashMap<>();
        for (SettingDefinition d : SettingsCatalog.all()) {
            if (processEnv.containsKey(d.name())) {
                fromProcess.put(d.name(), processEnv.get(d.name()));
            }
        }
        apply(values, fromProcess, SettingsLayer.PROCESS_ENV);
        values.put("DECKHAND_ENV", new ResolvedSettings.Value(environment,
                processEnv.containsKey("DECKHAND_ENV") ? SettingsLayer.PROCESS_ENV
                        : dotenv.containsKey("DECKHAND_ENV") ? SettingsLayer.DOTENV : SettingsLayer.BASE));
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

    private static String firstNonBlank(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        if (b != null && !b.isBlank()) {
            return b.strip();
        }
        return fallback;
    }
}
