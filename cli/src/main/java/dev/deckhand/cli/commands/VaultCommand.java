package dev.deckhand.cli.commands;

import dev.deckhand.cli.Services;
import dev.deckhand.credentials.CredentialReencryptJob;
import dev.deckhand.credentials.CredentialRotation;
import dev.deckhand.credentials.RotationResult;
import dev.deckhand.jobqueue.JobEnqueuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code deckhand vault reencrypt [--now]}: key rotation's middle step (docs/deploy.md): after
 * deploying {@code DB_ENCRYPTION_KEY=<new>,<old>}, re-encrypt every account token under the new
 * key. By default enqueues {@code credentials.reencrypt} (unique while pending or running); with
 * {@code --now} runs {@link CredentialRotation#reencryptAll()} in this process and prints the counts.
 */
@Command(name = "vault", mixinStandardHelpOptions = true, description = "The credential vault (account tokens at rest).",
        subcommands = {VaultCommand.Reencrypt.class})
public class VaultCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: reencrypt");
    }

    @Command(name = "reencrypt", mixinStandardHelpOptions = true,
            description = "Re-encrypt every stored account token under the first key of DB_ENCRYPTION_KEY. "
                    + "Enqueues the credentials.reencrypt job (prints its id) unless --now.")
    static class Reencrypt implements Callable<Integer> {
        private final Services services;

        @Spec
        CommandSpec spec;

        @Option(names = "--now", description = "Run here and now instead of enqueueing; prints rewritten/current/unreadable.")
        boolean now;

        Reencrypt(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            if (!now) {
                String jobId = services.bean(JobEnqueuer.class).enqueue(CredentialReencryptJob.request());
                spec.commandLine().getOut().println(jobId);
                spec.commandLine().getErr().println("enqueued " + CredentialReencryptJob.NAME + " as job " + jobId);
                return 0;
            }
            RotationResult r = services.bean(CredentialRotation.class).reencryptAll();
            spec.commandLine().getOut().println("rewritten=" + r.rewritten() + " current=" + r.current()
                    + " unreadable=" + r.unreadable());
            if (r.unreadable() > 0) {
                spec.commandLine().getErr().println(r.unreadable() + " account(s) no configured key decrypts: "
                        + "keep the old key until they are fixed (their users are asked to reconnect)");
            }
            return 0;
        }
    }
}
