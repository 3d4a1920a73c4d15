package dev.deckhand.web.ui.view;

import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Runs blocking work (JDBC, Jedis) on Micronaut's blocking executor and completes on it. Used by
 * form POST routes instead of {@code @ExecuteOn(BLOCKING)}: they bind their urlencoded body on
 * the event loop (after CsrfFilter has read its copy) and only then hop threads; binding a form
 * body inside an {@code @ExecuteOn} route answered 503 in Micronaut 4.10 here.
 */
@Singleton
public class Blocking {

    private final ExecutorService executor;

    public Blocking(@Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.executor = executor;
    }

    public <T> CompletableFuture<T> run(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, executor);
    }
}
