package dev.deckhand.runs;

import dev.deckhand.catalogue.Step;
import dev.deckhand.credentials.AccountCredentials;
import dev.deckhand.steps.StepKinds;
import dev.deckhand.steps.StepRun;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Builds the StepRun a kind sees; the token comes from the run's {@link RunAccessToken}. */
@Singleton
public class StepRunFactory {

    private final AccountCredentials credentials;
    private final StepKinds kinds;
    private final Clock clock;

    public StepRunFactory(AccountCredentials credentials, StepKinds kinds, Clock clock) {
        this.credentials = credentials;
        this.kinds = kinds;
        this.clock = clock;
    }

    /** One per run; release() it when the run ends. */
    public RunAccessToken accessToken(UUID accountId) {
        return new RunAccessToken(credentials, accountId, clock);
    }

    public StepRun create(Step step, RunAccessToken token, Map<String, String> variables, Consumer<String> log,
                          BooleanSupplier cancel) {
        return new StepRun(step, kinds.parse(step.config()), variables, token.accountId(), token, log, cancel);
    }
}
