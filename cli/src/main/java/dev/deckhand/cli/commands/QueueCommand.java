package dev.deckhand.cli.commands;

import dev.deckhand.audit.AuditLog;
import dev.deckhand.cli.CliFailure;
import dev.deckhand.cli.Services;
import dev.deckhand.jobqueue.DeadJob;
import dev.deckhand.jobqueue.JobQueueAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code deckhand queue dead list|retry|discard}: the dead set, through jobqueue's
 * {@link JobQueueAdmin} only (the Redis key layout is the queue's business). Retries and discards
 * are audited like the admin UI's.
 */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "The job queue.",
        subcommands = {QueueCommand.Dead.class})
public class QueueCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: dead");
    }

    @Command(name = "dead", mixinStandardHelpOptions = true,
            description = "Jobs that exhausted their attempts, lost their worker too often, or have no handler.",
            subcommands = {ListDead.class, Retry.class, Discard.class})
    static class Dead implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: list, retry or discard");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List dead jobs, newest first: id, type, queue, attempts, died at, reason.")
    static class ListDead implements Callable<Integer> {
        private final Services services;

        @Spec
        CommandSpec spec;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--offset", defaultValue = "0", description = "Skip this many (default: ${DEFAULT-VALUE}).")
        int offset;

        ListDead(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            JobQueueAdmin queue = services.bean(JobQueueAdmin.class);
            PrintWriter out = spec.commandLine().getOut();
            List<DeadJob> dead = queue.listDead(Math.max(0, offset), Math.max(1, limit));
            out.printf("%-26s  %-28s  %-10s  %-8s  %-24s  %s%n", "ID", "TYPE", "QUEUE", "ATTEMPTS", "DIED AT", "REASON");
            for (DeadJob j : dead) {
                out.printf("%-26s  %-28s  %-10s  %-8d  %-24s  %s%n", j.id(), j.type(), j.queue(), j.attempts(),
                        j.diedAt(), firstLine(j.reason()));
            }
            spec.commandLine().getErr().println(dead.size() + " shown of " + queue.deadCount() + " dead");
            return 0;
        }
    }

    abstract static class Act implements Callable<Integer> {
        private final Services services;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "JOB_ID", arity = "0..*", description = "Ids of dead jobs (see dead list).")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "Every job in the dead set instead of JOB_IDs.")
        boolean all;

        Act(Services services) {
            this.services = services;
        }

        abstract boolean act(JobQueueAdmin queue, String id);

        abstract String verb();

        @Override
        public Integer call() {
            if (all == !ids.isEmpty()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Give JOB_IDs or --all (not both)");
            }
            JobQueueAdmin queue = services.bean(JobQueueAdmin.class);
            List<String> targets = all ? allDead(queue) : ids;
            List<String> missing = new ArrayList<>();
            int done = 0;
            for (String id : targets) {
                if (act(queue, id)) {
                    done++;
                    services.bean(AuditLog.class).record(null, "queue.dead." + verb(), "job", id, Map.of("via", "cli"));
                    spec.commandLine().getOut().println(verb() + " " + id);
                } else {
                    missing.add(id);
                }
            }
            spec.commandLine().getErr().println(done + " " + (done == 1 ? "job" : "jobs") + " " + past());
            if (!missing.isEmpty()) {
                throw new CliFailure("not in the dead set: " + String.join(", ", missing));
            }
            return 0;
        }

        String past() {
            return "retry".equals(verb()) ? "moved back to their queues" : "discarded";
        }

        private static List<String> allDead(JobQueueAdmin queue) {
            List<String> ids = new ArrayList<>();
            // A snapshot first: acting while paging would skip jobs as the set shrinks.
            for (int offset = 0; ; offset += 500) {
                List<DeadJob> page = queue.listDead(offset, 500);
                page.forEach(j -> ids.add(j.id()));
                if (page.size() < 500) {
                    return ids;
                }
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Move dead jobs back to the front of their queues with a fresh attempt count (audited).")
    static class Retry extends Act {
        Retry(Services services) {
            super(services);
        }

        @Override
        boolean act(JobQueueAdmin queue, String id) {
            return queue.retryDead(id);
        }

        @Override
        String verb() {
            return "retry";
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Delete dead jobs (audited).")
    static class Discard extends Act {
        Discard(Services services) {
            super(services);
        }

        @Override
        boolean act(JobQueueAdmin queue, String id) {
            return queue.discardDead(id);
        }

        @Override
        String verb() {
            return "discard";
        }
    }

    static String firstLine(String text) {
        if (text == null) {
            return "-";
        }
        String line = text.lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
