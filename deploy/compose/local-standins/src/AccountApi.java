import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The connected account's API for the container check's plans (`http` steps): accepts a request
 * only when its Bearer token is valid at the provider (USERINFO_URL answers 200 for it), like
 * test-backing-services' AccountApiServer. GET /missing answers 404; everything else 200
 * (POST 201); {@code delay_ms=N} in the query answers after N ms. GET /_calls (no token) lists
 * the calls so far, one "METHOD PATH STATUS" per line, for the check to see what runs did.
 * Listens on PORT (default 8080) on every interface.
 */
public final class AccountApi {

    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws IOException {
        // TCP_NODELAY, as a real API: without it each response waits ~40 ms for a delayed ACK (Nagle).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        String userinfo = System.getenv().getOrDefault("USERINFO_URL", "http://oauth:8090/default/userinfo");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (path.equals("/_calls")) {
                    answer(exchange, 200, String.join("\n", CALLS) + "\n");
                    return;
                }
                exchange.getRequestBody().readAllBytes();
                int status = authorized(exchange, userinfo) ? (path.equals("/missing") ? 404
                        : method.equals("POST") ? 201 : 200) : 401;
                delay(exchange.getRequestURI().getRawQuery());
                CALLS.add(method + " " + path + " " + status + " " + Instant.now());
                answer(exchange, status, "{\"ok\":" + (status < 300) + "}");
            } catch (Exception e) {
                System.err.println("account api: " + e);
            }
        });
        server.start();
        System.out.println("account API listening on :" + port + ", tokens checked at " + userinfo);
    }

    private static boolean authorized(HttpExchange exchange, String userinfo) throws Exception {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        // Three tries: podman's network can drop new connections for a few seconds while containers
        // of the same network restart (seen as a connect timeout to the provider stand-in).
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(userinfo))
                        .header("Authorization", header).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return r.statusCode() == 200;
            } catch (IOException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.err.println("account api: userinfo attempt " + attempt + " failed: " + e + "; trying again");
            }
        }
    }

    private static void delay(String query) throws InterruptedException {
        if (query == null) {
            return;
        }
        for (String p : query.split("&")) {
            if (p.startsWith("delay_ms=")) {
                Thread.sleep(Long.parseLong(p.substring(9)));
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
