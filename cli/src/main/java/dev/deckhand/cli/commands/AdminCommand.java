package dev.deckhand.cli.commands;

import dev.deckhand.accounts.User;
import dev.deckhand.cli.Services;
import dev.deckhand.cli.users.AdminGrants;
import dev.deckhand.cli.users.UserDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deckhand admin grant|revoke USER}: the administrator role, audited. */
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

        @Parameters(paramLabel = "USER", description = "The user's id, e-mail, issuer subject or name "
                + "(they must have signed in once).")
        String who;

        Change(Services services, boolean admin) {
            this.services = services;
            this.admin = admin;
        }

        @Override
        public Integer call() {
            User user = services.bean(UserDirectory.class).find(who);
            boolean changed = services.bean(AdminGrants.class).set(user, admin, "cli");
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
