package dev.deckhand.bench.system;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "connected account's API" for the end-to-end benchmark (OAUTH_API_BASE_URL of the worker):
 * answers every request with 200 and a small JSON body, at once. Binds 127.0.0.1 only and stops by
 * itself after the given number of seconds, printing how many requests it served.
 *
 * <p>Usage: {@code java -cp deckhand-bench.jar dev.deckhand.bench.system.HttpTarget PORT MAX_SECONDS}
 */
public final class HttpTarget {

    private HttpTarget() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // TCP_NODELAY, as any real API server: without it the JDK server sends a response's body
        // only after the client's delayed ACK of its headers (Nagle), ~40 ms per request, which
        // made the end-to-end bench measure this stand-in (docs/BENCHMARKS.md, issue 17).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(args[0]);
        long maxSeconds = Long.parseLong(args[1]);
        AtomicLong served = new AtomicLong();
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                served.incrementAndGet();
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(16);
        server.setExecutor(pool);
        server.start();
        System.out.println("http target on 127.0.0.1:" + port + " for at most " + maxSeconds + " s");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("served " + served.get() + " requests")));
        Thread.sleep(maxSeconds * 1000);
        server.stop(0);
        pool.shutdownNow();
    }
}
