package dev.deckhand.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks every variable and reports all problems at once, so an operator fixes a deploy in one
 * round trip. Secret values are never echoed in messages.
 */
public final class SettingsValidator {

    private SettingsValidator() {
    }

    public static List<SettingsProblem> problems(ResolvedSettings settings) {
        List<SettingsProblem> out = new ArrayList<>();
        for (SettingDefinition<?> d : SettingsCatalog.all()) {
            Optional<String> value = settings.get(d.name());
            if (value.isEmpty()) {
                if (d.requiredIn().contains(settings.environment())) {
                    out.add(new SettingsProblem(d.name(), "is required in " + settings.environment()
                            + " (" + d.description() + ")"));
                }
                continue;
            }
            String v = value.get();
            Optional<String> problem;
            try {
                problem = d.check().problem(v, settings);
            } catch (RuntimeException e) {
                problem = Optional.of("could not be checked: " + e.getMessage());
            }
            problem.map(m -> d.secret() ? m.replace(v, "****") : m)
                    .ifPresent(m -> out.add(new SettingsProblem(d.name(), m)));
        }
        if (settings.getOr(SettingsCatalog.ENABLE_S3_STORAGE.name(), "").matches("(?i)true|1|yes|on")
                && settings.get(SettingsCatalog.AWS_BUCKET_NAME.name()).isEmpty()) {
            out.add(new SettingsProblem("AWS_BUCKET_NAME", "is required when ENABLE_S3_STORAGE is on"));
        }
        if (settings.get(SettingsCatalog.AUTH_WALL_USERNAME.name()).isPresent() != settings.get(SettingsCatalog.AUTH_WALL_PASSWORD.name()).isPresent()) {
            out.add(new SettingsProblem("AUTH_WALL_PASSWORD", "AUTH_WALL_USERNAME and AUTH_WALL_PASSWORD must be set together"));
        }
        if (settings.get(SettingsCatalog.EMAIL_URL.name()).isPresent() && settings.get(SettingsCatalog.FROM_EMAIL.name()).isEmpty()) {
            out.add(new SettingsProblem("FROM_EMAIL", "is required when EMAIL_URL is set (the sender of every mail)"));
        }
        if ("migrations".equals(settings.proctype()) && settings.isDeployed()
                && settings.get(SettingsCatalog.MIGRATION_DATABASE_URL.name()).isEmpty()) {
            out.add(new SettingsProblem("MIGRATION_DATABASE_URL", "is required for migrations in "
                    + settings.environment() + " (the elevated role that owns the schema)"));
        }
        return out;
    }

    /** Throws {@link InvalidSettingsException} naming every bad variable. */
    public static ResolvedSettings requireValid(ResolvedSettings settings) {
        List<SettingsProblem> problems = problems(settings);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(settings.proctype(), settings.environment(), problems);
        }
        return settings;
    }
}
