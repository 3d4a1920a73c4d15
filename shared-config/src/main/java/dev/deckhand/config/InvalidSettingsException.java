package dev.deckhand.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at boot when any variable is missing or malformed; lists every problem at once. */
public final class InvalidSettingsException extends RuntimeException {

    private final transient List<SettingsProblem> problems;

    public InvalidSettingsException(String proctype, String environment, List<SettingsProblem> problems) {
        super("Invalid configuration for " + proctype + " (" + environment + "), " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + ":\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<SettingsProblem> problems() {
        return problems;
    }
}
