package dev.deckhand.steps;

import com.sun.net.httpserver.HttpServer;
import dev.deckhand.config.SettingsLoader;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An http step sends the account's Bearer token only to OAUTH_API_BASE_URL's origin, and its
 * preflight check only reads (issue 13 item 4). The configs here are parsed from stored JSON
 * text, as the worker reads a step row, so steps saved before validation existed (or written
 * around it) are covered: the check is at run time, not only at creation. Two real HTTP servers:
 * the account API and an "attacker" that must never be called.
 */
class HttpStepKindTargetTest {

    private HttpServer api;
    private HttpServer attacker;
    private final List<String> apiCalls = new CopyOnWriteArrayList<>();
    private final List<String> attackerCalls = new CopyOnWriteArrayList<>();
    private HttpStepKind kind;
    private StepKinds kinds;

    private static HttpServer server(List<String> calls) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        s.start();
        return s;
    }

    @BeforeEach
    void start(@TempDir Path root) throws Exception {
        api = server(apiCalls);
        attacker = server(attackerCalls);
        JsonMapper json = JsonMapper.createDefault();
        kind = new HttpStepKind(SettingsLoader.load("worker", Map.of("DECKHAND_ENV", "test",
                "OAUTH_API_BASE_URL", "http://127.0.0.1:" + api.getAddress().getPort()), root), json);
        kinds = new StepKinds(List.of(kind), json);
    }

    @AfterEach
    void stop() {
        api.stop(0);
        attacker.stop(0);
    }

    private StepOutcome execute(String storedConfig, Map<String, String> variables) throws Exception {
        List<String> log = new ArrayList<>();
        return kind.execute(new StepRun(null, kinds.parse(storedConfig), variables, null, () -> "secret-token",
                log::add, () -> false));
    }

    private StepOutcome preflight(String storedConfig) throws Exception {
        return kind.preflight(new StepRun(null, kinds.parse(storedConfig), Map.of(), null, () -> "secret-token",
                line -> { }, () -> false));
    }

    @Test
    void aStoredPathThatMovesTheHostIsRefusedAndTheTokenStaysHome() throws Exception {
        int evil = attacker.getAddress().getPort();
        for (String path : List.of("@localhost:" + evil + "/steal", "@127.0.0.1:" + evil + "/steal",
                ":" + evil + "/steal", ".localhost:" + evil + "/x", "@169.254.169.254/latest/meta-data/")) {
            StepOutcome outcome = execute("{\"path\":\"" + path + "\"}", Map.of());
            assertThat(outcome.status()).as(path).isEqualTo(StepStatus.ERROR);
        }
        assertThat(attackerCalls).isEmpty();
        assertThat(apiCalls).isEmpty();
    }

    @Test
    void aTemplatedPathCannotMoveTheHostEither() throws Exception {
        int evil = attacker.getAddress().getPort();
        StepOutcome outcome = execute("{\"path\":\"/v1/{{thing}}\"}", Map.of("thing", "x"));
        assertThat(outcome.status()).isEqualTo(StepStatus.OK);
        assertThat(apiCalls).containsExactly("GET /v1/x Bearer secret-token");
        assertThat(execute("{\"path\":\"{{p}}\"}", Map.of("p", "@localhost:" + evil + "/steal")).status())
                .isEqualTo(StepStatus.ERROR);
        assertThat(attackerCalls).isEmpty();
    }

    @Test
    void creatingSuchAStepIsRefused() {
        for (String path : List.of("@attacker.example/x", "@169.254.169.254/latest", "v1/x", "//attacker.example/x")) {
            assertThatThrownBy(() -> kinds.validate("http", Map.of("path", path))).as(path)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aStoredPreflightThatWritesIsRefusedAtRunTime() throws Exception {
        StepOutcome outcome = preflight("{\"path\":\"/v1/x\",\"preflight\":{\"method\":\"DELETE\",\"path\":\"/v1/x\"}}");
        assertThat(outcome.status()).isEqualTo(StepStatus.ERROR);
        assertThat(apiCalls).isEmpty();
        assertThat(preflight("{\"path\":\"/v1/x\",\"preflight\":{\"path\":\"/v1/me\"}}").status()).isEqualTo(StepStatus.OK);
        assertThat(apiCalls).containsExactly("GET /v1/me Bearer secret-token");
    }
}
