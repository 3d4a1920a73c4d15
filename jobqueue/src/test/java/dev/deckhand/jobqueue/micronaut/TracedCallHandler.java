package dev.deckhand.jobqueue.micronaut;

import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.tracing.Tracing;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls the URL in its {@code url} argument the way step calls do (through {@link Tracing#send}); only in {@link TracingPropagationTest}. */
@Singleton
@Requires(property = "jobqueue.test.traced-handler", value = "true")
public class TracedCallHandler implements JobHandler {

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public String name() {
        return "test.traced-call";
    }

    @Override
    public String queue() {
        return "short";
    }

    @Override
    public void perform(JobContext context) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(context.args().get("url"))).GET().build();
        HttpResponse<Void> response = Tracing.send(http, request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("unexpected status " + response.statusCode());
        }
    }
}
