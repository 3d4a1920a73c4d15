package dev.deckhand.steps;

import dev.deckhand.catalogue.Step;

import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a step kind gets: the step, its parsed config, template variables, the account's access
 * token on demand (fetched, and refreshed if needed, only when called: never stored), a log sink
 * (lines are shown to the user and stored; never log tokens) and the cancellation flag.
 */
public record StepRun(Step step, Map<String, Object> config, Map<String, String> variables, UUID accountId,
                      Supplier<String> accessToken, Consumer<String> log, BooleanSupplier cancelRequested) {
}
