package dev.deckhand.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deckhand.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The README's run command: the whole system on embedded services. It behaves like a process
 * manager: a proctype that dies is restarted and becomes ready again, a signal stops everything in
 * order with status 0, and the embedded Redis keeps its data (append-only file under var/local)
 * across restarts of the stack. Every port is a free one.
 */
class LocalStackTest {

    @TempDir
    Path work;

    Map<String, String> env(int web, int devworker, int scheduler, int redis) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", String.valueOf(web),
                "LOCAL_POSTGRES_PORT", String.valueOf(FreePorts.next()),
                "LOCAL_REDIS_PORT", String.valueOf(redis),
                "LOCAL_OAUTH_PORT", String.valueOf(FreePorts.next()),
                "LOCAL_DEVWORKER_PORT", String.valueOf(devworker),
                "LOCAL_SCHEDULER_PORT", String.valueOf(scheduler)));
        return env;
    }

    @Test
    void restartsAProctypeKilledWithSigkillAndStopsEverythingOnSignal() throws Exception {
        int web = FreePorts.next();
        int devworker = FreePorts.next();
        int scheduler = FreePorts.next();
        try (ProctypeJar stack = ProctypeJar.start("local-stack", work, env(web, devworker, scheduler, FreePorts.next()))) {
            stack.awaitReady(web);
            stack.awaitReady(devworker);
            stack.awaitReady(scheduler);
            assertThat(ProctypeJar.get(web, "/health").statusCode()).isEqualTo(200);

            ProcessHandle first = child(stack, "devworker").orElseThrow();
            first.destroyForcibly();
            await("devworker restarted").atMost(Duration.ofSeconds(60)).until(() ->
                    child(stack, "devworker").filter(p -> p.pid() != first.pid()).isPresent());
            stack.awaitReady(devworker);
            assertThat(stack.outputText()).contains("devworker exited with status 137; restarting in 1 s");
            assertThat(stack.isAlive()).as("the stack keeps running").isTrue();

            stack.terminate();
            assertThat(stack.awaitExit(90)).as(stack.outputText()).isZero();
            assertThat(stack.outputText()).contains("[local-stack] stopped")
                    .contains("web stopped with status 0").contains("devworker stopped with status 0")
                    .contains("scheduler stopped with status 0");
            assertThat(work.resolve("var/local/postgres")).isDirectory();
        }
    }

    /**
     * Issue 14, the newcomer's journey through the API: on an empty database the stack shows the
     * demo product with no other command; its provider asks who you are (a user-name form); the
     * demo account API refuses a request without a token; {@code admin} is an administrator, connects,
     * runs the preflight and the plan with its optional step to completion; {@code alice} is not.
     */
    @Test
    void aNewcomerRunsTheDemoPlanWithNoOtherCommand() throws Exception {
        int web = FreePorts.next();
        int oauth = FreePorts.next();
        Map<String, String> env = env(web, FreePorts.next(), FreePorts.next(), FreePorts.next());
        env.put("LOCAL_OAUTH_PORT", String.valueOf(oauth));
        try (ProctypeJar stack = ProctypeJar.start("local-stack", work, env)) {
            stack.awaitReady(web);
            await("demo catalogue applied").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(ProctypeJar.get(web, "/api/products").body()).contains("demo-notebook"));
            String login = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + oauth + "/local/authorize?client_id=deckhand-local"
                            + "&response_type=code&redirect_uri=http://localhost/cb&scope=openid&state=s")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(login).contains("name=\"username\"");
            String demoApi = stack.outputText().lines().filter(l -> l.contains("demo account API at "))
                    .map(l -> l.replaceAll(".*demo account API at (\\S+).*", "$1")).findFirst().orElseThrow();
            assertThat(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(demoApi + "/v1/me")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);

            Journey admin = new Journey(web);
            admin.signIn("admin");
            assertThat(admin.get("/api/me").get("user").toString()).contains("admin=true");
            admin.connect("admin");
            Map<String, Object> product = admin.get("/api/products/demo-notebook");
            Map<?, ?> plan = (Map<?, ?>) ((java.util.List<?>) ((Map<?, ?>) ((java.util.List<?>) product.get("versions"))
                    .get(0)).get("plans")).get(0);
            java.util.List<?> steps = (java.util.List<?>) plan.get("steps");
            assertThat(steps).anyMatch(st -> Boolean.FALSE.equals(((Map<?, ?>) st).get("required")));
            String preflight = admin.post("/api/plans/" + plan.get("id") + "/preflights", "{}").get("id").toString();
            await("preflight").atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(admin.get("/api/preflights/" + preflight).get("status")).isEqualTo("complete"));
            String everyStep = steps.stream().map(st -> "\"" + ((Map<?, ?>) st).get("id") + "\"")
                    .collect(java.util.stream.Collectors.joining(",", "{\"steps\":[", "]}"));
            String job = admin.post("/api/plans/" + plan.get("id") + "/jobs", everyStep).get("id").toString();
            await("run").atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(admin.get("/api/jobs/" + job).get("status")).as(admin.get("/api/jobs/" + job).toString())
                            .isEqualTo("complete"));
            assertThat(admin.get("/api/jobs/" + job).get("log").toString())
                    .contains("POST /v1/notebooks -> 201").contains("/pages -> 201");

            Journey alice = new Journey(web);
            alice.signIn("alice");
            assertThat(alice.get("/api/me").get("user").toString()).contains("admin=false");

            stack.terminate();
            assertThat(stack.awaitExit(90)).as(stack.outputText()).isZero();
        }
    }

    /** A person at the API of the local stack: the provider's login form asks for a user name. */
    static final class Journey {
        static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
        final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        final int web;
        String token;

        Journey(int web) {
            this.web = web;
        }

        java.net.http.HttpResponse<String> send(java.net.http.HttpRequest.Builder b) throws Exception {
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }

        Map<String, Object> get(String path) throws Exception {
            var r = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + web + path)));
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return JSON.readValue(r.body(), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        }

        Map<String, Object> post(String path, String json) throws Exception {
            var r = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + web + path))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)));
            assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(200, 202);
            return JSON.readValue(r.body(), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        }

        /** At the provider: the form, the user name typed in, back to the callback with the flow cookie. */
        Map<String, Object> throughProvider(String authorizationUrl, java.net.http.HttpResponse<String> started,
                                            String username) throws Exception {
            String flowCookie = started.headers().allValues("Set-Cookie").stream().filter(c -> c.contains("oauth_flow="))
                    .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new AssertionError("no flow cookie"));
            var form = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(authorizationUrl)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(form.body()).contains("name=\"username\"");
            var back = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(authorizationUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + username + "&claims=")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String callback = back.headers().firstValue("Location").orElseThrow(
                    () -> new AssertionError("provider did not redirect: " + back.statusCode()));
            var done = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(callback)).header("Cookie", flowCookie));
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            return JSON.readValue(done.body(), new com.fasterxml.jackson.core.type.TypeReference<>() { });
        }

        void signIn(String username) throws Exception {
            var start = send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + web + "/api/auth/signin")));
            assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
            token = throughProvider(start.headers().firstValue("Location").orElseThrow(), start, username)
                    .get("token").toString();
        }

        void connect(String username) throws Exception {
            var start = send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + web + "/api/accounts/connect"))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
            throughProvider(JSON.readTree(start.body()).get("authorizationUrl").asText(), start, username);
        }
    }

    @Test
    void redisKeepsItsDataAcrossRestartsOfTheStack() throws Exception {
        int redis = FreePorts.next();
        Map<String, String> env = env(FreePorts.next(), FreePorts.next(), FreePorts.next(), redis);
        try (ProctypeJar stack = ProctypeJar.start("local-stack", work, env, "--services-only")) {
            awaitServices(stack);
            try (RedisClient client = RedisClient.create(java.net.URI.create("redis://127.0.0.1:" + redis))) {
                client.set("deckhand:test:kept", "across restarts");
            }
            stack.terminate();
            assertThat(stack.awaitExit(90)).as(stack.outputText()).isZero();
        }
        assertThat(work.resolve("var/local/redis")).isDirectory();
        try (ProctypeJar stack = ProctypeJar.start("local-stack", work, env, "--services-only")) {
            awaitServices(stack);
            try (RedisClient client = RedisClient.create(java.net.URI.create("redis://127.0.0.1:" + redis))) {
                assertThat(client.get("deckhand:test:kept")).isEqualTo("across restarts");
            }
            stack.terminate();
            assertThat(stack.awaitExit(90)).as(stack.outputText()).isZero();
        }
    }

    static void awaitServices(ProctypeJar stack) {
        await("backing services").atMost(Duration.ofSeconds(120)).until(() -> {
            assertThat(stack.isAlive()).as(stack.outputText()).isTrue();
            return stack.outputText().contains("backing services ready");
        });
    }

    /** The running child process of the stack that runs the given proctype's jar. */
    static Optional<ProcessHandle> child(ProctypeJar stack, String proctype) {
        return ProcessHandle.of(stack.pid()).stream().flatMap(ProcessHandle::children)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("deckhand-" + proctype + ".jar"))
                .findFirst();
    }
}
