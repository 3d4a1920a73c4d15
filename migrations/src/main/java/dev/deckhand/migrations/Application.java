package dev.deckhand.migrations;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.deckhand.config.BuildInfo;
import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.config.InvalidSettingsException;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingDefinition;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.config.SettingsReport;
import dev.deckhand.config.SettingsValidator;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The migrations proctype: a one-shot plain Java process (no Micronaut, starts in well under a
 * second) that brings the database schema up to date with the elevated role and sets up the
 * least-privilege app role. Run it before rolling out web/worker/scheduler; other proctypes
 * refuse to boot while migrations are pending.
 *
 * <p>Exit status: 0 migrated (or nothing to do), 1 migration failed, 2 bad configuration,
 * 3 database unreachable. {@code --print-settings} prints the redacted settings and exits;
 * {@code --version} prints the release and exits 0.
 */
public final class Application {

    public static final String PROCTYPE = "migrations";
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_CONFIG = 2;
    static final int EXIT_UNREACHABLE = 3;

    private Application() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (Arrays.asList(args).contains("--version")) {
            out.println(BuildInfo.current().describe(PROCTYPE));
            return 0;
        }
        ResolvedSettings settings;
        try {
            settings = SettingsLoader.load(PROCTYPE);
        } catch (RuntimeException e) {
            err.println("Invalid configuration for " + PROCTYPE + ": " + e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        if (Arrays.asList(args).contains("--print-settings")) {
            out.print(SettingsReport.render(settings));
            var problems = SettingsValidator.problems(settings);
            problems.forEach(p -> out.println("PROBLEM " + p));
            return problems.isEmpty() ? 0 : EXIT_BAD_CONFIG;
        }
        return migrate(settings, out, err);
    }

    /** Validates, migrates and reports; returns the exit status. */
    public static int migrate(ResolvedSettings settings, PrintStream out, PrintStream err) {
        try {
            SettingsValidator.requireValid(settings);
        } catch (InvalidSettingsException e) {
            err.println(e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        quietLogging(settings);
        SettingDefinition<String> variable = variableFor(settings);
        DatabaseUrl url = DatabaseUrl.parse(settings.value(variable));
        String role = settings.value(SettingsCatalog.APP_DATABASE_ROLE);
        String password = settings.find(SettingsCatalog.APP_DATABASE_PASSWORD).orElse(null);
        try {
            MigrationRunner.Outcome outcome = MigrationRunner.migrate(url, role, password);
            out.println("migrations " + BuildInfo.current().version() + ": " + url + " is at schema version " + outcome.version() + " ("
                    + outcome.applied() + " applied now); role " + role + " has DML only"
                    + (password == null ? "" : ", password set from APP_DATABASE_PASSWORD"));
            return 0;
        } catch (MigrationFailedException e) {
            err.println(variable.name() + ": " + e.getMessage());
            return e.getMessage().startsWith("cannot connect") ? EXIT_UNREACHABLE : EXIT_FAILED;
        } catch (RuntimeException e) {
            // Flyway errors (bad SQL, checksum mismatch, failed migration in history, ...).
            err.println(variable.name() + ": migrating " + url + " failed: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    /** MIGRATION_DATABASE_URL; falls back to DATABASE_URL in local/test (validation requires it when deployed). */
    static SettingDefinition<String> variableFor(ResolvedSettings settings) {
        if (settings.find(SettingsCatalog.MIGRATION_DATABASE_URL).isPresent() || settings.isDeployed()) {
            return SettingsCatalog.MIGRATION_DATABASE_URL;
        }
        return SettingsCatalog.DATABASE_URL;
    }

    /** Flyway and the driver log at DEBUG by default without a logback.xml (none is shipped here on purpose:
     *  this jar is on every proctype's class path, whose logging proctype-runtime configures). */
    private static void quietLogging(ResolvedSettings settings) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(settings.value(SettingsCatalog.LOG_LEVEL), Level.INFO));
        }
    }
}
