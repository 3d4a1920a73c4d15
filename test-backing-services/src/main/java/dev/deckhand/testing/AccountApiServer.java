package dev.deckhand.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The connected account's API: a real HTTP server that accepts a request only when its Bearer
 * token is valid at the provider (checked against the provider's userinfo endpoint).
 * GET /missing answers 404; everything else 200 (POST 201). A {@code delay_ms=N} query parameter
 * holds the answer N ms (so a test can see whether two executions of a step overlap); the first call
 * with {@code hold=NAME} waits until {@link #release} (later ones pass), so a test knows its run is
 * in the middle of that step for as long as it likes. Every call
 * is recorded with its query, {@code Idempotency-Key} header and start/end times; requests are
 * served concurrently, as a real API would.
 */
public final class AccountApiServer implements AutoCloseable {

    public record Call(String method, String path, String body, String bearer, int status, String idempotencyKey,
                       String query, Instant started, Instant finished) {
    }

    private final HttpServer server;
    private final String userinfoUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "account-api");
        t.setDaemon(true);
        return t;
    });
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

    public AccountApiServer(String userinfoUrl) throws IOException {
        this.userinfoUrl = userinfoUrl;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Instant started = Instant.now();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String bearer = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            if (bearer == null || !validAtProvider(bearer)) {
                status = 401;
            } else if (exchange.getRequestURI().getPath().equals("/missing")) {
                status = 404;
            } else {
                status = "POST".equals(exchange.getRequestMethod()) ? 201 : 200;
            }
            String query = exchange.getRequestURI().getRawQuery();
            hold(parameter(query, "hold"));
            long delay = parameter(query, "delay_ms") == null ? 0 : Long.parseLong(parameter(query, "delay_ms"));
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body, bearer, status,
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), query, started, Instant.now()));
            byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    private static String parameter(String query, String name) {
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith(name + "=")) {
                    return kv.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    private void hold(String name) {
        if (name == null) {
            return;
        }
        CountDownLatch mine = new CountDownLatch(1);
        if (holds.putIfAbsent(name, mine) == null) {
            try {
                mine.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the first call with {@code hold=name} has arrived (and waits unless released). */
    public boolean holding(String name) {
        return holds.containsKey(name);
    }

    /** Lets the held call with {@code hold=name} (if any, or when it comes) answer. */
    public void release(String name) {
        CountDownLatch open = new CountDownLatch(0);
        CountDownLatch held = holds.putIfAbsent(name, open);
        if (held != null) {
            held.countDown();
        }
    }

    private boolean validAtProvider(String bearer) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(userinfoUrl)).header("Authorization", "Bearer " + bearer)
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }
}
