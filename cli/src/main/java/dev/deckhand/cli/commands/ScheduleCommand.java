package dev.deckhand.cli.commands;

import dev.deckhand.audit.AuditLog;
import dev.deckhand.cli.CliFailure;
import dev.deckhand.cli.Services;
import dev.deckhand.config.InvalidSettingsException;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.config.SettingsProblem;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.scheduler.quartz.EnqueueOnFireJob;
import dev.deckhand.scheduler.schedule.Schedule;
import dev.deckhand.scheduler.schedule.ScheduleConfig;
import dev.deckhand.scheduler.schedule.ScheduleConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code deckhand schedule list|run NAME}: the scheduler's effective schedules (built-ins merged
 * with CRON_SCHEDULE, resolved by the scheduler's own {@link ScheduleConfig}), and one firing now:
 * the same job a firing enqueues (type, queue, arguments, unique key of that instant).
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, description = "The scheduler's cron schedules.",
        subcommands = {ScheduleCommand.ListSchedules.class, ScheduleCommand.Run.class})
public class ScheduleCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: list or run");
    }

    static List<Schedule> schedules(ResolvedSettings settings) {
        try {
            return ScheduleConfig.resolve(settings.find(SettingsCatalog.CRON_SCHEDULE).orElse(null));
        } catch (ScheduleConfigException e) {
            throw new InvalidSettingsException(settings.proctype(), settings.environment(), e.problems().stream()
                    .map(p -> new SettingsProblem(ScheduleConfig.VARIABLE, p)).toList());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List schedules: name, cron (UTC, Quartz syntax), job type, queue, enabled, misfire policy.")
    static class ListSchedules implements Callable<Integer> {
        private final Services services;

        @Spec
        CommandSpec spec;

        ListSchedules(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-24s  %-16s  %-24s  %-8s  %-8s  %s%n", "NAME", "CRON", "TYPE", "QUEUE", "ENABLED", "MISFIRE");
            for (Schedule s : schedules(services.settings())) {
                out.printf("%-24s  %-16s  %-24s  %-8s  %-8s  %s%n", s.name(), s.cron(), s.type(), s.queue(),
                        s.enabled() ? "yes" : "no", s.misfire().configName());
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Enqueue NAME's job now, as a firing would (a worker runs it). Audited.")
    static class Run implements Callable<Integer> {
        private final Services services;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "A schedule name from schedule list.")
        String name;

        Run(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() {
            List<Schedule> all = schedules(services.settings());
            Schedule s = all.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() -> new CliFailure(
                    "no schedule '" + name + "' (schedules: " + all.stream().map(Schedule::name)
                            .collect(Collectors.joining(", ")) + ")"));
            Instant now = Instant.now();
            String jobId = services.bean(JobEnqueuer.class).enqueue(new EnqueueRequest(s.type(), s.queue(),
                    Map.of("schedule", s.name(), "scheduled_at", now.toString()), null,
                    EnqueueOnFireJob.uniqueKey(s.name(), now.toEpochMilli())));
            services.bean(AuditLog.class).record(null, "schedule.run", "schedule", s.name(),
                    Map.of("job_id", jobId, "type", s.type(), "queue", s.queue(), "via", "cli"));
            spec.commandLine().getOut().println(jobId);
            spec.commandLine().getErr().println("enqueued " + s.type() + " on " + s.queue() + " as job " + jobId
                    + (s.enabled() ? "" : " (the schedule itself is disabled)"));
            return 0;
        }
    }
}
