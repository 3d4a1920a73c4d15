package dev.deckhand.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The connected account's API: a real HTTP server that accepts a request only when its Bearer
 * token is valid at the provider (checked against the provider's userinfo endpoint).
 * GET /missing answers 404; everything else 200 (POST 201). Every call is recorded with its
 * {@code Idempotency-Key} header. Faults a test can inject per path: {@link #failNext} (answer a
 * status instead, N times) and {@link #holdNext} (keep the next request open until released).
 */
public final class AccountApiServer implements AutoCloseable {

    public record Call(String method, String path, String body, String bearer, int status, String idempotencyKey) {
    }

    private final HttpServer server;
    private final String userinfoUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> failures = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();

    public AccountApiServer(String userinfoUrl) throws IOException {
        this.userinfoUrl = userinfoUrl;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String bearer = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            CountDownLatch hold = holds.remove(path);
            if (hold != null) {
                held.computeIfAbsent(path, k -> new CountDownLatch(1)).countDown();
                awaitQuietly(hold);
            }
            Deque<Integer> fail = failures.get(path);
            Integer injected = fail == null ? null : fail.pollFirst();
            int status;
            if (injected != null) {
                status = injected;
            } else if (bearer == null || !validAtProvider(bearer)) {
                status = 401;
            } else if (exchange.getRequestURI().getPath().equals("/missing")) {
                status = 404;
            } else {
                status = "POST".equals(exchange.getRequestMethod()) ? 201 : 200;
            }
            calls.add(new Call(exchange.getRequestMethod(), path, body, bearer, status,
                    exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "account-api");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The next {@code times} requests to {@code path} answer {@code status} (after any hold). */
    public void failNext(String path, int status, int times) {
        Deque<Integer> q = failures.computeIfAbsent(path, k -> new ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            q.addLast(status);
        }
    }

    /**
     * The next request to {@code path} is kept open until the returned latch is counted down;
     * {@link #awaitHeld(String)} tells when it has arrived.
     */
    public CountDownLatch holdNext(String path) {
        CountDownLatch release = new CountDownLatch(1);
        holds.put(path, release);
        return release;
    }

    /** Blocks until a held request to {@code path} has arrived (see {@link #holdNext}). */
    public void awaitHeld(String path, long seconds) throws InterruptedException {
        if (!held.computeIfAbsent(path, k -> new CountDownLatch(1)).await(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no request to " + path + " arrived within " + seconds + " s");
        }
    }

    /** The calls made to one path, in order. */
    public List<Call> callsTo(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        server.stop(0);
    }
}
