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
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The connected account's API: a real HTTP server that accepts a request only when its Bearer
 * token is valid at the provider (checked against the provider's userinfo endpoint).
 * GET /missing answers 404; everything else 200 (POST 201). Requests are served concurrently, as
 * a real API would. Every call is recorded with its {@code Idempotency-Key} header, its query and
 * its start and end times (so a test can see whether two executions of one run overlapped).
 * Faults a test can inject per path: {@link #failNext} (answer a status instead, N times) and
 * {@link #holdNext} (keep the next request open until released). Per request, by query parameter
 * (for paths a test cannot know in advance, e.g. templated with a run id): {@code delay_ms=N}
 * answers after N ms; the first request with {@code hold=NAME} waits until {@link #release}, or
 * for at most {@code hold_ms=N} ms (later ones pass); {@link #holding} tells whether it has arrived.
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
    private final Map<String, Deque<Integer>> failures = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> namedHolds = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> arrived = new ConcurrentHashMap<>();

    static {
        // TCP_NODELAY, as a real API: without it each response waits ~40 ms for the client's delayed
        // ACK (Nagle). Read once per JVM by the JDK server, so it only helps if set before its first use.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public AccountApiServer(String userinfoUrl) throws IOException {
        this.userinfoUrl = userinfoUrl;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Instant started = Instant.now();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String bearer = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            arrived.computeIfAbsent(path, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            CountDownLatch hold = holds.remove(path);
            if (hold != null) {
                held.computeIfAbsent(path, k -> new CountDownLatch(1)).countDown();
                awaitQuietly(hold);
            }
            String holdMs = parameter(query, "hold_ms");
            holdNamed(parameter(query, "hold"), holdMs == null ? TimeUnit.MINUTES.toMillis(5) : Long.parseLong(holdMs));
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
            String delay = parameter(query, "delay_ms");
            if (delay != null) {
                try {
                    Thread.sleep(Long.parseLong(delay));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            calls.add(new Call(exchange.getRequestMethod(), path, body, bearer, status,
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

    /** How many requests to {@code path} have arrived, answered or not (a held one counts at once). */
    public int arrivals(String path) {
        var n = arrived.get(path);
        return n == null ? 0 : n.get();
    }

    /** The calls made to one path, in order. */
    public List<Call> callsTo(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    /** Whether the first request with {@code hold=name} has arrived (it waits unless released). */
    public boolean holding(String name) {
        return namedHolds.containsKey(name);
    }

    /** Lets the request with {@code hold=name} answer (now, or at once when it comes). */
    public void release(String name) {
        CountDownLatch held = namedHolds.putIfAbsent(name, new CountDownLatch(0));
        if (held != null) {
            held.countDown();
        }
    }

    private void holdNamed(String name, long maxMillis) {
        if (name == null) {
            return;
        }
        CountDownLatch mine = new CountDownLatch(1);
        if (namedHolds.putIfAbsent(name, mine) == null) {
            try {
                mine.await(maxMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
        holds.values().forEach(CountDownLatch::countDown);
        namedHolds.values().forEach(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }
}
