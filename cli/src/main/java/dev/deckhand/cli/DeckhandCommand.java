package dev.deckhand.cli;

import dev.deckhand.cli.commands.AdminCommand;
import dev.deckhand.cli.commands.CatalogueCommand;
import dev.deckhand.cli.commands.QueueCommand;
import dev.deckhand.cli.commands.ScheduleCommand;
import dev.deckhand.cli.commands.TokenCommand;
import dev.deckhand.cli.commands.UsersCommand;
import dev.deckhand.cli.commands.VaultCommand;
import dev.deckhand.config.BuildInfo;
import dev.deckhand.config.InvalidSettingsException;
import dev.deckhand.jobqueue.QueueUnavailableException;
import dev.deckhand.runtime.launch.BackingServiceUnavailableException;
import dev.deckhand.runtime.launch.ProctypeLauncher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code deckhand}: the operator's command line. Exit status as the proctypes: 0 success, 1 the
 * command failed (message on stderr), 2 usage error or invalid settings (every bad variable
 * named), 3 PostgreSQL or Redis unreachable (naming DATABASE_URL / REDIS_URL). Every command has
 * {@code --help}. Output meant for scripts (a token, an export) goes to stdout, everything else
 * to stderr.
 */
@Command(name = "deckhand", mixinStandardHelpOptions = true, versionProvider = DeckhandCommand.Version.class,
        description = "Operate Deckhand: administrators, API tokens, the catalogue, the dead set, schedules, "
                + "the credential vault and users. Settings come from the same layers as the proctypes "
                + "(DECKHAND_ENV, .env files under PROJECT_ROOT, the environment).",
        subcommands = {AdminCommand.class, TokenCommand.class, CatalogueCommand.class, QueueCommand.class,
                ScheduleCommand.class, VaultCommand.class, UsersCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:the command failed", "2:usage error or invalid settings",
                "3:PostgreSQL or Redis unreachable"})
public class DeckhandCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
    }

    /** The command line over these services, with the exit-status mapping above. */
    public static CommandLine commandLine(Services services) {
        CommandLine line = new CommandLine(DeckhandCommand.class, new CliFactory(services));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            var err = cmd.getErr();
            if (e instanceof InvalidSettingsException invalid) {
                err.println(invalid.getMessage());
                return ProctypeLauncher.EXIT_BAD_CONFIG;
            }
            if (e instanceof BackingServiceUnavailableException unavailable) {
                err.println("deckhand: " + unavailable.getMessage());
                return ProctypeLauncher.EXIT_BACKING_SERVICE;
            }
            if (e instanceof CliFailure || e instanceof QueueUnavailableException) {
                err.println("deckhand: " + e.getMessage());
                return CommandLine.ExitCode.SOFTWARE;
            }
            err.println("deckhand: " + cmd.getCommandName() + " failed: " + e);
            return CommandLine.ExitCode.SOFTWARE;
        });
        return line;
    }

    /** {@code --version}: the release, as the proctypes print it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.current().describe(CliContext.PROCTYPE)};
        }
    }
}
