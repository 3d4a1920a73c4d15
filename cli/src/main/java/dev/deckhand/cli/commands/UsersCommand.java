package dev.deckhand.cli.commands;

import dev.deckhand.accounts.User;
import dev.deckhand.cli.Services;
import dev.deckhand.cli.users.UserDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code deckhand users list [--admins]}: everyone who signed in, in sign-up order. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Users (people who signed in).",
        subcommands = {UsersCommand.ListUsers.class})
public class UsersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: list");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List users, one per line: id, admin or -, e-mail, name, issuer subject, signed up.")
    static class ListUsers implements Callable<Integer> {
        private final Services services;

        @Spec
        CommandSpec spec;

        @Option(names = "--admins", description = "Only administrators.")
        boolean adminsOnly;

        ListUsers(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            java.util.List<User> users = services.bean(UserDirectory.class).all();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-36s  %-5s  %-32s  %-20s  %-24s  %s%n", "ID", "ADMIN", "EMAIL", "NAME", "SUBJECT", "SIGNED UP");
            for (User u : users) {
                if (adminsOnly && !u.isAdmin()) {
                    continue;
                }
                out.printf("%-36s  %-5s  %-32s  %-20s  %-24s  %s%n", u.id(), u.isAdmin() ? "admin" : "-",
                        orDash(u.email()), orDash(u.name()), u.subject(), u.createdAt());
            }
            return 0;
        }
    }

    static String orDash(String v) {
        return v == null || v.isBlank() ? "-" : v;
    }
}
