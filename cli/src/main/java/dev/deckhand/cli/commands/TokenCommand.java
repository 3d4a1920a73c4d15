package dev.deckhand.cli.commands;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.cli.Services;
import dev.deckhand.cli.users.PersonalTokens;
import dev.deckhand.cli.users.UserDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code deckhand token create USER [--expires-in 30d]}: a personal API token, printed once. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Personal API tokens.",
        subcommands = {TokenCommand.Create.class})
public class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: create");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a personal API token for USER and print it once on stdout "
                    + "(use it as 'Authorization: Bearer <token>'). Only its hash is stored: it cannot be shown again. "
                    + "The user sees and can revoke it on their Settings page. Audited."})
    static class Create implements Callable<Integer> {
        private final Services services;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "USER", description = "The user's id, e-mail, issuer subject or name.")
        String who;

        @Option(names = "--expires-in", paramLabel = "LIFETIME", defaultValue = "30d", converter = Lifetime.class,
                description = "How long the token works: 30d, 12h, 90m or ISO-8601 (default: ${DEFAULT-VALUE}; at most 366d).")
        Duration lifetime;

        Create(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            if (lifetime.compareTo(PersonalTokens.MAX_LIFETIME) > 0) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--expires-in: at most 366d (got " + lifetime.toDays() + "d)");
            }
            User user = services.bean(UserDirectory.class).find(who);
            Sessions.Issued issued = services.bean(PersonalTokens.class).create(user, lifetime, "cli");
            spec.commandLine().getOut().println(issued.value());
            spec.commandLine().getErr().println("API token " + issued.id() + " for " + UserDirectory.describe(user)
                    + ", expires " + issued.expiresAt() + ". It is shown only this once.");
            return 0;
        }
    }
}
