package dev.deckhand.runs;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link RunRows} writes that are the same for jobs and preflights, over their
 * {@link RunTable}: claim, gate, heartbeat and the renewal and end of the step in flight. A run kind
 * adds its step's start ({@link StepStarts}), its step results, its log and its finish (a
 * preflight's finish also sets its expiry).
 */
abstract class TableRows implements RunRows {

    private final RunTable table;

    TableRows(RunTable table) {
        this.table = table;
    }

    @Override
    public boolean claim(UUID id, String runner, Instant now) {
        return table.claim(id, runner, now) == 1;
    }

    @Override
    public Optional<RunGate> gate(UUID id) {
        return table.findGateById(id);
    }

    @Override
    public boolean heartbeat(UUID id, String runner, Instant now) {
        return table.heartbeat(id, runner, now) == 1;
    }

    @Override
    public void renewStep(UUID id, String runner, Instant deadline) {
        table.renewStepAs(id, runner, deadline);
    }

    @Override
    public void endStep(UUID id, String runner) {
        table.endStepAs(id, runner);
    }
}
