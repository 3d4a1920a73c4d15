package dev.deckhand.runtime.logging;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Test routes that log from the places application code logs from: the event loop, a route on
 * the blocking pool ({@code @ExecuteOn}) and work handed to the blocking executor by hand (as
 * web's {@code Blocking} does for form posts). {@link RequestIdOnEveryThreadTest} reads their lines.
 */
@Controller("/test/log-context")
class LogContextProbeController {

    static final Logger LOG = LoggerFactory.getLogger(LogContextProbeController.class);
    private final ExecutorService blocking;

    LogContextProbeController(@Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.blocking = blocking;
    }

    @Get("/event-loop")
    String eventLoop() {
        LOG.info("probe event-loop");
        return "ok";
    }

    @Get("/execute-on")
    @ExecuteOn(TaskExecutors.BLOCKING)
    String executeOn() {
        LOG.info("probe execute-on");
        return "ok";
    }

    @Get("/hand-off")
    CompletableFuture<String> handOff() {
        return CompletableFuture.supplyAsync(() -> {
            LOG.info("probe hand-off");
            return "ok";
        }, blocking);
    }
}
