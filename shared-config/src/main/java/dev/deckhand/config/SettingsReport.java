package dev.deckhand.config;

import java.util.Map;

/**
 * The redacted settings report: every effective value and the layer that set it. Secrets are
 * {@code ****}; passwords inside URLs are masked. Safe to paste into a ticket.
 */
public final class SettingsReport {

    private SettingsReport() {
    }

    public static String render(ResolvedSettings settings) {
        StringBuilder out = new StringBuilder();
        out.append("# Deckhand settings: proctype=").append(settings.proctype())
                .append(" environment=").append(settings.environment())
                .append(" project_root=").append(settings.projectRoot()).append('\n');
        int width = settings.all().keySet().stream().mapToInt(String::length).max().orElse(10);
        for (Map.Entry<String, ResolvedSettings.Value> e : settings.all().entrySet()) {
            out.append(String.format("%-" + width + "s = %-60s  [%s]%n", e.getKey(),
                    redact(e.getKey(), e.getValue().value()), e.getValue().layer().label()));
        }
        return out.toString();
    }

    /** The value as it may be shown to an operator. */
    public static String redact(String name, String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        SettingDefinition.Kind kind = SettingsCatalog.find(name).map(SettingDefinition::kind)
                .orElse(looksSecret(name) ? SettingDefinition.Kind.SECRET : SettingDefinition.Kind.PLAIN);
        return switch (kind) {
            case SECRET -> "****";
            case URL_WITH_CREDENTIALS -> maskUrlPassword(value);
            case PLAIN -> value;
        };
    }

    static String maskUrlPassword(String url) {
        return url.replaceAll("(://[^:/@]*:)[^@]*@", "$1****@");
    }

    private static boolean looksSecret(String name) {
        return name.matches(".*(SECRET|PASSWORD|TOKEN|KEY|DSN|CREDENTIAL).*");
    }
}
