package dev.deckhand.web.api;

import dev.deckhand.web.security.RateLimitedOnRoute;
import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

import java.io.IOException;
import java.io.InputStream;

/**
 * Serves the OpenAPI document that micronaut-openapi generates from the controllers at compile
 * time ({@code META-INF/swagger/deckhand-<version>.yml}).
 */
@OpenAPIDefinition(info = @Info(title = "Deckhand", version = "0.1",
        description = "Catalogue, accounts, preflights and jobs. Errors are application/problem+json."))
@Controller("/api/openapi.yml")
@ExecuteOn(TaskExecutors.BLOCKING)
@RateLimitedOnRoute
@Hidden
public class OpenApiController {

    static final String DOCUMENT = "classpath:META-INF/swagger/deckhand-0.1.yml";
    private final ResourceResolver resources;

    public OpenApiController(ResourceResolver resources) {
        this.resources = resources;
    }

    @Get(produces = "application/yaml")
    public HttpResponse<byte[]> document() throws IOException {
        var in = resources.getResourceAsStream(DOCUMENT);
        if (in.isEmpty()) {
            return HttpResponse.notFound();
        }
        try (InputStream stream = in.get()) {
            return HttpResponse.ok(stream.readAllBytes());
        }
    }
}
