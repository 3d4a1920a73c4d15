package dev.deckhand.cli.commands;

import dev.deckhand.accounts.AdminRoles;
import dev.deckhand.cli.CliFailure;
import dev.deckhand.cli.Services;
import dev.deckhand.cli.users.UserDirectory;
import dev.deckhand.runs.NotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code deckhand admin grant|revoke USER}: the administrator role, through the domain's
 * {@link AdminRoles} (the one place it changes; audited {@code admin.granted}/{@code admin.revoked},
 * actor {@code cli}).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Grant or revoke the administrator role (audited).",
        subcommands = {AdminCommand.Grant.class, AdminCommand.Revoke.class})
public class AdminCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: grant or revoke");
    }

    abstract static class Change implements java.util.concurrent.Callable<Integer> {
        private final Services services;
        private final boolean admin;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "USER", description = "The user's e-mail, provider subject or id "
                + "(they must have signed in once).")
        String who;

        Change(Services services, boolean admin) {
            this.services = services;
            this.admin = admin;
        }

        @Override
        public Integer call() {
            AdminRoles roles = services.bean(AdminRoles.class);
            AdminRoles.Change change;
            try {
                change = admin ? roles.grant(who, "cli") : roles.revoke(who, "cli");
            } catch (NotFoundException e) {
                throw new CliFailure("no user matches '" + who + "' (give an e-mail, provider subject or id; "
                        + "see deckhand users list; a user exists once they signed in)");
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage());
            }
            var user = change.user();
            boolean changed = change.changed();
            spec.commandLine().getOut().println(UserDirectory.describe(user) + " (" + user.id() + ") "
                    + (admin ? (changed ? "is now an administrator" : "was already an administrator")
                             : (changed ? "is no longer an administrator" : "was not an administrator")));
            return 0;
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Make USER an administrator.")
    static class Grant extends Change {
        Grant(Services services) {
            super(services, true);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Take the administrator role from USER.")
    static class Revoke extends Change {
        Revoke(Services services) {
            super(services, false);
        }
    }
}
