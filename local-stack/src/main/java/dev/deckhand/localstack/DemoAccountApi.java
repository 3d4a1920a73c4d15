package dev.deckhand.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo "connected account's API" of the local stack (OAUTH_API_BASE_URL there), which the
 * demo catalogue's http steps call (examples/demo-catalogue.yaml). A real HTTP server on
 * 127.0.0.1, protected by the local provider: a request is served only when its Bearer token is
 * accepted by the provider's userinfo endpoint (so only tokens the provider issued, unexpired);
 * otherwise 401 with {@code WWW-Authenticate: Bearer}. Each signed-in subject has its own
 * notebooks, kept in memory (the demo forgets them on restart):
 *
 * <pre>
 * GET  /v1/me                          200 {"sub": ...}
 * GET  /v1/notebooks                   200 {"notebooks": [...]}
 * POST /v1/notebooks {"id","title"}    201 (200 when that id exists: a retried step is harmless)
 * PUT  /v1/notebooks/ID {"title",...}  200, 404 unknown
 * GET  /v1/notebooks/ID                200 {"id","title","pages"}, 404 unknown
 * POST /v1/notebooks/ID/pages          201, 404 unknown notebook
 * </pre>
 *
 * Bodies are JSON objects; the demo reads only the string fields it needs.
 */
public final class DemoAccountApi implements AutoCloseable {

    private static final Pattern NOTEBOOK = Pattern.compile("/v1/notebooks/([A-Za-z0-9_.-]{1,100})(/pages)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String userinfoUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "demo-account-api");
        t.setDaemon(true);
        return t;
    });
    /** subject -> notebook id -> notebook. */
    private final Map<String, Map<String, Notebook>> notebooks = new ConcurrentHashMap<>();

    private record Notebook(String id, String title, int pages) {
    }

    private record Reply(int status, String json) {
    }

    /** Starts on 127.0.0.1:{@code port} (0: any free port). */
    public DemoAccountApi(int port, String userinfoUrl) {
        this.userinfoUrl = userinfoUrl;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("demo account API cannot listen on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String subject = auth != null && auth.startsWith("Bearer ") ? subjectAtProvider(auth.substring(7)) : null;
            Reply reply;
            if (subject == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                reply = new Reply(401, "{\"error\":\"invalid_token\"}");
            } else {
                reply = route(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body,
                        notebooks.computeIfAbsent(subject, k -> new ConcurrentHashMap<>()), subject);
            }
            byte[] out = reply.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
        }
    }

    private Reply route(String method, String path, String body, Map<String, Notebook> mine, String subject) {
        if (path.equals("/v1/me") && method.equals("GET")) {
            return new Reply(200, "{\"sub\":" + quote(subject) + "}");
        }
        if (path.equals("/v1/notebooks")) {
            if (method.equals("GET")) {
                return new Reply(200, "{\"notebooks\":[" + String.join(",", mine.values().stream()
                        .map(DemoAccountApi::json).toList()) + "]}");
            }
            if (method.equals("POST")) {
                String id = field(body, "id");
                if (id == null || !id.matches("[A-Za-z0-9_.-]{1,100}")) {
                    return new Reply(400, "{\"error\":\"id is required (letters, digits, . _ -)\"}");
                }
                Notebook created = new Notebook(id, field(body, "title") == null ? id : field(body, "title"), 0);
                Notebook before = mine.putIfAbsent(id, created);
                return new Reply(before == null ? 201 : 200, json(before == null ? created : before));
            }
        }
        Matcher m = NOTEBOOK.matcher(path);
        if (m.matches()) {
            Notebook nb = mine.get(m.group(1));
            if (nb == null) {
                return new Reply(404, "{\"error\":\"no such notebook\"}");
            }
            if (m.group(2) != null && method.equals("POST")) {
                Notebook more = mine.merge(nb.id(), nb, (a, b) -> new Notebook(a.id(), a.title(), a.pages() + 1));
                return new Reply(201, json(more));
            }
            if (m.group(2) == null && method.equals("GET")) {
                return new Reply(200, json(nb));
            }
            if (m.group(2) == null && method.equals("PUT")) {
                String title = field(body, "title");
                Notebook renamed = new Notebook(nb.id(), title == null ? nb.title() : title, nb.pages());
                mine.put(nb.id(), renamed);
                return new Reply(200, json(renamed));
            }
            return new Reply(405, "{\"error\":\"method not allowed\"}");
        }
        return new Reply(404, "{\"error\":\"not found\"}");
    }

    /** The token's subject according to the provider's userinfo endpoint; null when refused or unreachable. */
    private String subjectAtProvider(String bearer) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(userinfoUrl))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + bearer).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            JsonNode sub = JSON.readTree(r.body()).get("sub");
            return sub != null && sub.isTextual() ? sub.asText() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String field(String body, String name) {
        try {
            JsonNode node = JSON.readTree(body.isBlank() ? "{}" : body).get(name);
            return node != null && node.isTextual() && node.asText().length() <= 200 ? node.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String json(Notebook nb) {
        return JSON.createObjectNode().put("id", nb.id()).put("title", nb.title()).put("pages", nb.pages()).toString();
    }

    private static String quote(String s) {
        return JSON.getNodeFactory().textNode(s).toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
