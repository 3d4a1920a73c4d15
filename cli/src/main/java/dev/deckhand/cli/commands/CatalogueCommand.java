package dev.deckhand.cli.commands;

import dev.deckhand.cli.CliFailure;
import dev.deckhand.cli.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deckhand catalogue apply FILE|export}: the catalogue as code. */
@Command(name = "catalogue", mixinStandardHelpOptions = true, description = "The catalogue as code (YAML).",
        subcommands = {CatalogueCommand.Apply.class, CatalogueCommand.Export.class})
public class CatalogueCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: apply or export");
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Make the catalogue match FILE: creates, updates and reorders; idempotent.")
    static class Apply implements Callable<Integer> {
        private final Services services;

        @Parameters(paramLabel = "FILE", description = "A catalogue file (YAML).")
        Path file;

        Apply(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            throw new CliFailure("catalogue apply is not available in this build");
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the current catalogue (YAML) to stdout.")
    static class Export implements Callable<Integer> {
        private final Services services;

        Export(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            throw new CliFailure("catalogue export is not available in this build");
        }
    }
}
