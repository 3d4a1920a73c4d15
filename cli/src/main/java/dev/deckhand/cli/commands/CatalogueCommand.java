package dev.deckhand.cli.commands;

import dev.deckhand.catalogue.CatalogueCode;
import dev.deckhand.cli.CliFailure;
import dev.deckhand.cli.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code deckhand catalogue apply FILE|export}: the catalogue as code, through the domain's
 * {@link CatalogueCode} (validated by the same StepKinds as the admin API, one transaction,
 * idempotent, every change audited; a change under a running job is refused).
 */
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
            description = {"Make the catalogue match FILE (YAML, see examples/demo-catalogue.yaml): creates, updates, "
                    + "reorders and deletes steps of the plans it lists; leaves anything it does not mention alone. "
                    + "All or nothing; applying the same file again changes nothing. Prints one line per change."})
    static class Apply implements Callable<Integer> {
        private final Services services;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A catalogue file (YAML); - reads stdin.")
        String file;

        Apply(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() throws IOException {
            CatalogueCode.ApplyReport report;
            try (Reader in = "-".equals(file) ? new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)
                    : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                report = services.bean(CatalogueCode.class).apply(in, "cli");
            } catch (NoSuchFileException e) {
                throw new CliFailure("no such file: " + file);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliFailure(file + ": " + e.getMessage());
            }
            report.changes().forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getErr().println(report.changed() ? report.changes().size() + " change(s) applied"
                    : "the catalogue already matches " + file + "; nothing changed");
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the current catalogue as YAML (the format apply reads) to stdout or --output.")
    static class Export implements Callable<Integer> {
        private final Services services;

        @Spec
        CommandSpec spec;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path output;

        Export(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() throws IOException {
            StringWriter yaml = new StringWriter();
            services.bean(CatalogueCode.class).export(yaml);
            if (output == null) {
                spec.commandLine().getOut().print(yaml);
                spec.commandLine().getOut().flush();
            } else {
                try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    w.write(yaml.toString());
                }
                spec.commandLine().getErr().println("catalogue written to " + output);
            }
            return 0;
        }
    }
}
