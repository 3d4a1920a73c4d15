package dev.deckhand.runtime.tracing;

import dev.deckhand.tracing.Tracing;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Answers the traceparent current while serving (what an enqueue would record); for {@link ServerSpanTest}. */
@Controller("/test/tracing")
class TracingProbeController {

    @Get("/event-loop")
    String eventLoop() {
        return String.valueOf(Tracing.currentTraceparent());
    }

    @Get("/execute-on")
    @ExecuteOn(TaskExecutors.BLOCKING)
    String executeOn() {
        return String.valueOf(Tracing.currentTraceparent());
    }
}
