package dev.deckhand.runs;

import dev.deckhand.catalogue.Step;
import dev.deckhand.credentials.AccountCredentials;
import dev.deckhand.credentials.ReconnectRequiredException;
import dev.deckhand.steps.StepKinds;
import dev.deckhand.steps.StepRun;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Builds the StepRun a kind sees; the token supplier goes to the vault on each call, nothing is cached. */
@Singleton
public class StepRunFactory {

    private final AccountCredentials credentials;
    private final StepKinds kinds;

    public StepRunFactory(AccountCredentials credentials, StepKinds kinds) {
        this.credentials = credentials;
        this.kinds = kinds;
    }

    public StepRun create(Step step, UUID accountId, Map<String, String> variables, Consumer<String> log,
                          BooleanSupplier cancel) {
        return new StepRun(step, kinds.parse(step.config()), variables, accountId, () -> {
            if (accountId == null) {
                throw new ReconnectRequiredException("the account is no longer connected");
            }
            return credentials.accessToken(accountId);
        }, log, cancel);
    }
}
