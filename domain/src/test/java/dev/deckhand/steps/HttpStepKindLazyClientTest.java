package dev.deckhand.steps;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.config.SettingsLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The http step kind builds its HttpClient (SSLContext, CA certificates) on its first call, not at boot. */
class HttpStepKindLazyClientTest {

    @Test
    void clientIsBuiltByTheFirstCallNotByTheBean(@TempDir Path root) throws Exception {
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        api.start();
        try {
            String base = "http://127.0.0.1:" + api.getAddress().getPort();
            HttpStepKind kind = new HttpStepKind(SettingsLoader.load("worker",
                    Map.of("DECKHAND_ENV", "test", "OAUTH_API_BASE_URL", base), root), null);
            Map<String, Object> config = Map.of("path", "/v1/things");
            kind.validate(config);
            assertThat(kind.httpClientBuilt()).as("after construction and validation").isFalse();

            List<String> log = new ArrayList<>();
            StepOutcome outcome = kind.execute(new StepRun(null, config, Map.of(), null, () -> "token", log::add,
                    () -> false));
            assertThat(outcome.status()).isEqualTo(StepStatus.OK);
            assertThat(log).containsExactly("GET /v1/things -> 204");
            assertThat(kind.httpClientBuilt()).isTrue();
        } finally {
            api.stop(0);
        }
    }
}
