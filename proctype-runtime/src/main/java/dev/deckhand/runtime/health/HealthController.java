package dev.deckhand.runtime.health;

import dev.deckhand.config.BuildInfo;
import dev.deckhand.config.ProcessIdentity;
import io.micronaut.context.BeanProvider;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerShutdownEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health}: liveness, the process is up (no backing-service calls), with the release
 * it runs ({@link BuildInfo}: version and commit, which are not secret).
 * {@code GET /health/readiness}: 200 when every {@link ReadinessCheck} passes, else 503 naming
 * the failing services (never their URLs or credentials). Readiness turns red as soon as
 * shutdown starts so load balancers stop routing first.
 */
@Controller("/health")
public class HealthController {

    /**
     * Resolved on each readiness request, not when the controller is made: the controller may first
     * be made by {@link #onShutdown} while the context stops, and making the checks then (the
     * PostgreSQL check needs the pool) made Micronaut build a second pool and never close the first
     * (WebPoolLifecycleTest).
     */
    private final BeanProvider<ReadinessCheck> checks;
    private final String proctype;
    private volatile boolean shuttingDown;

    public HealthController(BeanProvider<ReadinessCheck> checks, ProcessIdentity identity) {
        this.checks = checks;
        this.proctype = identity.proctype();
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public Map<String, Object> liveness() {
        return Map.of("status", "UP", "proctype", proctype, "version", BuildInfo.current().version(),
                "commit", BuildInfo.current().commit());
    }

    @Get(value = "/readiness", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> readiness() {
        Map<String, Object> services = new LinkedHashMap<>();
        boolean up = !shuttingDown;
        for (ReadinessCheck check : checks) {
            try {
                check.check();
                services.put(check.name(), "UP");
            } catch (Exception e) {
                services.put(check.name(), "DOWN");
                up = false;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("proctype", proctype);
        body.put("version", BuildInfo.current().version());
        body.put("checks", services);
        return HttpResponse.<Map<String, Object>>status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }

    @EventListener
    void onShutdown(ServerShutdownEvent event) {
        shuttingDown = true;
    }

    /** Marks the process as draining (called by proctypes on SIGTERM before they stop work). */
    public void markShuttingDown() {
        shuttingDown = true;
    }
}
