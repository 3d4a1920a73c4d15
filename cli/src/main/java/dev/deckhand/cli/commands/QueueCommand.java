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
import java.util.function.BiPredicate;

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

    /** What retry and discard do to one dead job, and how they say it. */
    enum Action {
        RETRY("retry", "moved back to their queues", JobQueueAdmin::retryDead),
        DISCARD("discard", "discarded", JobQueueAdmin::discardDead);

        final String verb;
        final String past;
        private final BiPredicate<JobQueueAdmin, String> act;

        Action(String verb, String past, BiPredicate<JobQueueAdmin, String> act) {
            this.verb = verb;
            this.past = past;
            this.act = act;
        }

        /** @return false when the job is not in the dead set */
        boolean apply(JobQueueAdmin queue, String id) {
            return act.test(queue, id);
        }
    }

    /** retry and discard: the same command over JOB_IDs or --all, audited per job. */
    abstract static class Act implements Callable<Integer> {
        private final Services services;
        private final Action action;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "JOB_ID", arity = "0..*", description = "Ids of dead jobs (see dead list).")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "Every job in the dead set instead of JOB_IDs.")
        boolean all;

        Act(Services services, Action action) {
            this.services = services;
            this.action = action;
        }

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
                if (action.apply(queue, id)) {
                    done++;
                    services.bean(AuditLog.class).record(null, "queue.dead." + action.verb, "job", id, Map.of("via", "cli"));
                    spec.commandLine().getOut().println(action.verb + " " + id);
                } else {
                    missing.add(id);
                }
            }
            spec.commandLine().getErr().println(done + " " + (done == 1 ? "job" : "jobs") + " " + action.past);
            if (!missing.isEmpty()) {
                throw new CliFailure("not in the dead set: " + String.join(", ", missing));
            }
            return 0;
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
            super(services, Action.RETRY);
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Delete dead jobs (audited).")
    static class Discard extends Act {
        Discard(Services services) {
            super(services, Action.DISCARD);
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
