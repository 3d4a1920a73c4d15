package dev.deckhand.runs;

import java.util.UUID;
import java.util.function.Function;

/**
 * A {@link RunKind} whose rows are its table's ({@link TableRows}): the facts that name a kind (its
 * word, its id's key, its event topic, whether an error stops it) are given once, to the
 * constructor; a kind adds only what it does differently: how it calls a step, starts and records
 * it, logs, and finishes.
 */
abstract class TableRunKind extends TableRows implements RunKind {

    private final String name;
    private final String idKey;
    private final Function<UUID, String> topic;
    private final boolean stopsAtError;

    TableRunKind(RunTable table, String name, String idKey, Function<UUID, String> topic, boolean stopsAtError) {
        super(table);
        this.name = name;
        this.idKey = idKey;
        this.topic = topic;
        this.stopsAtError = stopsAtError;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String idKey() {
        return idKey;
    }

    @Override
    public String topic(UUID id) {
        return topic.apply(id);
    }

    @Override
    public RunRows rows() {
        return this;
    }

    @Override
    public boolean stopsAtError() {
        return stopsAtError;
    }
}
