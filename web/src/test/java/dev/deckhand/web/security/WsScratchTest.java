package dev.deckhand.web.security;

import dev.deckhand.testing.*;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({PostgresExtension.class, RedisExtension.class})
class WsScratchTest {
    @Test
    void dump(TestPostgres pg, TestRedis redis, @TempDir Path root) throws Exception {
        try (WebTestApp app = WebTestApp.start(pg, redis, root, Map.of())) {
            try {
                HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", "http://localhost:" + app.port)
                    .buildAsync(URI.create("ws://localhost:" + app.port + "/api/whoami"), new WebSocket.Listener() {}).join();
            } catch (Exception e) {
                Throwable t = e; while (t.getCause() != null) t = t.getCause();
                System.out.println("WSRESULT " + t);
            }
        }
    }
}
