package dev.deckhand.config;

/**
 * Where a value came from, lowest precedence first: a later layer overrides an earlier one.
 *
 * <pre>
 *  BASE         classpath deckhand/settings/base.env          defaults safe for most users (generated
 *               from SettingsCatalog, the one declaration of each default)
 *  ENVIRONMENT  classpath deckhand/settings/environment/$DECKHAND_ENV.env
 *  PROCTYPE     classpath deckhand/settings/proctype/$PROCTYPE.env
 *  DOTENV       $PROJECT_ROOT/.env
 *  DOTENV_NAMED $PROJECT_ROOT/.env.$DOTENV
 *  DOTENV_LOCAL $PROJECT_ROOT/.env.local   (never committed)
 *  PROCESS_ENV  the process environment   always wins
 * </pre>
 */
public enum SettingsLayer {
    BASE("base defaults"),
    ENVIRONMENT("environment defaults"),
    PROCTYPE("proctype defaults"),
    DOTENV(".env"),
    DOTENV_NAMED(".env.$DOTENV"),
    DOTENV_LOCAL(".env.local"),
    PROCESS_ENV("environment variable");

    private final String label;

    SettingsLayer(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
