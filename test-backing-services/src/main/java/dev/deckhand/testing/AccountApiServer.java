package dev.deckhand.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The connected account's API: a real HTTP server that accepts a request only when its Bearer
 * token is valid at the provider (checked against the provider's userinfo endpoint).
 * GET /missing answers 404; everything else 200 (POST 201).
 */
public final class AccountApiServer implements AutoCloseable {

    public record Call(String method, String path, String body, String bearer, int status) {
    }

    private final HttpServer server;
    private final String userinfoUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    public final List<Call> calls = new CopyOnWriteArrayList<>();

    public AccountApiServer(String userinfoUrl) throws IOException {
        this.userinfoUrl = userinfoUrl;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
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
            calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body, bearer, status));
            byte[] out = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
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
