package dev.deckhand.scheduler.schedule;

import java.util.List;

/** CRON_SCHEDULE (merged with the built-ins) is unusable; each problem names its entry. */
public final class ScheduleConfigException extends RuntimeException {

    private final transient List<String> problems;

    public ScheduleConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
