package dev.deckhand.web.api;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.testing.AccountApiServer;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.web.live.RedisEventRelay;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Over real HTTP: admin builds a plan, a user signs in through the provider, connects, runs a
 * preflight and a job (executed by an in-process worker through the real Redis queue) against a
 * real HTTP API, follows it on /ws/notifications, and cancels another job.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class ApiEndToEndTest {

    static ApiStack stack;
    static AccountApiServer api;
    static JsonMapper json;
    static String adminToken;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) throws Exception {
        api = new AccountApiServer(oauth.issuerUrl() + "/userinfo");
        // Many sign-ins from 127.0.0.1 within a minute: the sign-in throttle is tested on its own
        // (OAuthEntryLimitsTest, RateLimitAndAuthWallTest), so it is off here.
        stack = ApiStack.start(pg, redis, oauth, Map.of("OAUTH_API_BASE_URL", api.baseUrl(),
                "RATE_LIMIT_LOGIN_PER_MINUTE", "0"), true);
        json = stack.web.getBean(JsonMapper.class);
        User admin = stack.web.getBean(UserRepository.class).save(new User(null, "local", "admin-" + Instant.now(),
                "admin@example.com", "Admin", true, Instant.now()));
        adminToken = stack.web.getBean(Sessions.class).issue(admin, "api", Duration.ofHours(1));
        assertThat(stack.web.getBean(RedisEventRelay.class).awaitSubscribed(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    static void stop() {
        stack.close();
        api.close();
    }

    static Map<String, Object> body(HttpResponse<String> r) throws Exception {
        return json.readValue(r.body(), Argument.mapOf(String.class, Object.class));
    }

    static String id(HttpResponse<String> r) throws Exception {
        return String.valueOf(body(r).get("id"));
    }

    /** Admin API: a product with one plan of the given steps. */
    static String plan(String slug, boolean preflight, List<Map<String, Object>> steps) throws Exception {
        HttpResponse<String> p = stack.post("/api/admin/products", adminToken,
                json.writeValueAsString(Map.of("slug", slug, "title", "Product " + slug)));
        assertThat(p.statusCode()).as(p.body()).isEqualTo(201);
        HttpResponse<String> v = stack.post("/api/admin/products/" + id(p) + "/versions", adminToken, "{\"label\":\"1.0\"}");
        HttpResponse<String> plan = stack.post("/api/admin/versions/" + id(v) + "/plans", adminToken,
                json.writeValueAsString(Map.of("slug", "install", "title", "Install", "preflightRequired", preflight)));
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(201);
        int order = 1;
        for (Map<String, Object> s : steps) {
            Map<String, Object> input = new java.util.HashMap<>(s);
            input.put("order", order++);
            HttpResponse<String> created = stack.post("/api/admin/plans/" + id(plan) + "/steps", adminToken,
                    json.writeValueAsString(input));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        return id(plan);
    }

    /**
     * Plays the browser through the provider; returns the callback's JSON. {@code started} is the
     * response that began the flow: its flow cookie goes back with the callback, as a browser's would.
     */
    static Map<String, Object> throughProvider(String authorizationUrl, HttpResponse<String> started, String bearer)
            throws Exception {
        HttpResponse<String> atProvider = stack.get(authorizationUrl, null);
        String back = atProvider.headers().firstValue("Location").orElseThrow();
        assertThat(back).startsWith(stack.url("/api/oauth/callback"));
        String flowCookie = started.headers().allValues("Set-Cookie").stream().filter(c -> c.contains("oauth_flow="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new AssertionError("no flow cookie"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(back)).header("Cookie", flowCookie).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> callback = stack.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
        assertThat(callback.headers().firstValue("Cache-Control")).contains("no-store");
        return body(callback);
    }

    static String signIn() throws Exception {
        HttpResponse<String> start = stack.get("/api/auth/signin", null);
        assertThat(start.statusCode()).isEqualTo(302);
        Map<String, Object> signedIn = throughProvider(start.headers().firstValue("Location").orElseThrow(), start, null);
        return (String) signedIn.get("token");
    }

    static Map<String, Object> awaitFinished(String path, String token) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !"started".equals(body(stack.get(path, token)).get("status")));
        try {
            return body(stack.get(path, token));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static final class Messages implements WebSocket.Listener {
        final List<String> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            received.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }

    static WebSocket socket(String token, Messages messages) {
        WebSocket.Builder b = stack.http.newWebSocketBuilder();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        WebSocket ws = b.buildAsync(URI.create("ws://localhost:" + stack.port + "/ws/notifications"), messages).join();
        await().until(() -> messages.received.stream().anyMatch(m -> m.contains("\"ready\"")));
        return ws;
    }

    @Test
    void signInConnectPreflightAndJobOverHttpWithLiveEvents() throws Exception {
        String planId = plan("e2e", true, List.of(
                Map.of("name", "create", "kind", "http", "config", Map.of("method", "POST", "path", "/things",
                        "body", Map.of("job", "{{job_id}}"), "expected_status", 201, "preflight", Map.of("path", "/me"))),
                Map.of("name", "settle", "kind", "wait", "config", Map.of("seconds", 0))));
        String token = signIn();
        assertThat(token).startsWith("dh_");
        Map<String, Object> me = body(stack.get("/api/me", token));
        String userId = String.valueOf(((Map<?, ?>) me.get("user")).get("id"));
        assertThat((List<?>) me.get("accounts")).hasSize(1);
        assertThat(me.toString()).doesNotContain("accessToken").doesNotContain("refresh");

        HttpResponse<String> connect = stack.post("/api/accounts/connect", token, null);
        assertThat(connect.statusCode()).as(connect.body()).isEqualTo(200);
        Map<String, Object> connected = throughProvider((String) body(connect).get("authorizationUrl"), connect, token);
        assertThat(connected.get("token")).isNull();

        Messages messages = new Messages();
        WebSocket ws = socket(token, messages);
        ws.sendText("{\"action\":\"subscribe\",\"topic\":\"user:" + userId + "\"}", true);
        await().untilAsserted(() -> assertThat(messages.received).as("closed: " + messages.closed)
                .anySatisfy(m -> assertThat(m).contains("\"subscribed\"")));

        Messages viaQuery = new Messages();
        WebSocket wsQuery = stack.http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://localhost:" + stack.port + "/ws/notifications?topic=user:" + userId),
                        viaQuery).join();
        await().until(() -> viaQuery.received.stream().anyMatch(m -> m.contains("\"subscribed\"")));

        HttpResponse<String> early = stack.post("/api/plans/" + planId + "/jobs", token, "{}");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));

        HttpResponse<String> pf = stack.post("/api/plans/" + planId + "/preflights", token, null);
        assertThat(pf.statusCode()).as(pf.body()).isEqualTo(202);
        Map<String, Object> preflight = awaitFinished("/api/preflights/" + id(pf), token);
        assertThat(preflight.get("status")).isEqualTo("complete");

        HttpResponse<String> started = stack.post("/api/plans/" + planId + "/jobs", token, "{}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String jobId = id(started);
        await().atMost(Duration.ofSeconds(60)).until(() -> messages.received.stream()
                .anyMatch(m -> m.contains(jobId) && m.contains("\"final\"") && m.contains("\"complete\"")));
        Map<String, Object> job = body(stack.get("/api/jobs/" + jobId, token));
        assertThat(job.get("status")).isEqualTo("complete");
        assertThat((String) job.get("log")).contains("POST /things -> 201");
        assertThat(api.calls).anySatisfy(c -> assertThat(c.body()).contains(jobId));
        await().until(() -> viaQuery.received.stream().anyMatch(m -> m.contains(jobId) && m.contains("\"final\"")));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        wsQuery.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Test
    void cancelStopsTheJobBeforeItsNextStep() throws Exception {
        String planId = plan("cancel", false, List.of(
                Map.of("name", "long", "kind", "wait", "config", Map.of("seconds", 120)),
                Map.of("name", "never", "kind", "http", "config", Map.of("method", "POST", "path", "/never"))));
        String token = signIn();
        String jobId = id(stack.post("/api/plans/" + planId + "/jobs", token, "{\"steps\":[]}"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                String.valueOf(body(stack.get("/api/jobs/" + jobId, token)).get("log")).contains("waiting"));
        HttpResponse<String> cancel = stack.post("/api/jobs/" + jobId + "/cancel", token, null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        assertThat(awaitFinished("/api/jobs/" + jobId, token).get("status")).isEqualTo("canceled");
        assertThat(api.calls).noneSatisfy(c -> assertThat(c.path()).isEqualTo("/never"));
        assertThat(stack.post("/api/jobs/" + jobId + "/cancel", token, null).statusCode()).isEqualTo(409);
    }

    @Test
    void theOwnerRetriesAFailedJobFromTheFailedStep() throws Exception {
        String planId = plan("retry", false, List.of(
                Map.of("name", "first", "kind", "http", "config", Map.of("method", "POST", "path", "/api-retry-1")),
                Map.of("name", "flaky", "kind", "http", "config", Map.of("method", "POST", "path", "/api-retry-2"))));
        api.failNext("/api-retry-2", 500, 1);
        String owner = signIn();
        String other = signIn();
        String jobId = id(stack.post("/api/plans/" + planId + "/jobs", owner, "{}"));
        assertThat(awaitFinished("/api/jobs/" + jobId, owner).get("status")).isEqualTo("failed");
        assertThat(stack.post("/api/jobs/" + jobId + "/retry", other, null).statusCode()).isEqualTo(404);
        HttpResponse<String> retry = stack.post("/api/jobs/" + jobId + "/retry", owner, null);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(awaitFinished("/api/jobs/" + jobId, owner).get("status")).isEqualTo("complete");
        assertThat(api.callsTo("/api-retry-1")).as("the step before the failed one is not run again").hasSize(1);
        assertThat(api.callsTo("/api-retry-2")).hasSize(2);
        HttpResponse<String> again = stack.post("/api/jobs/" + jobId + "/retry", owner, null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
    }

    /**
     * "My runs" over the API: only the caller's jobs, newest first, in pages joined by the cursor of
     * the Link header, filterable by status; the log is paged by its own cursor ({@code ?after=}).
     */
    @Test
    void myRunsArePagedByCursorAndFilteredAndTheLogIsPaged() throws Exception {
        String ok = plan("mine-ok", false, List.of(Map.of("name", "w", "kind", "wait", "config", Map.of("seconds", 0)),
                Map.of("name", "x", "kind", "wait", "config", Map.of("seconds", 0))));
        String slow = plan("mine-slow", false, List.of(Map.of("name", "long", "kind", "wait", "config", Map.of("seconds", 120))));
        String me = signIn();
        String other = signIn();
        String theirs = id(stack.post("/api/plans/" + ok + "/jobs", other, "{}"));
        List<String> mine = new java.util.ArrayList<>();
        for (String plan : List.of(ok, slow, ok)) {
            String id = id(stack.post("/api/plans/" + plan + "/jobs", me, "{}"));
            if (plan.equals(slow)) {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        String.valueOf(body(stack.get("/api/jobs/" + id, me)).get("log")).contains("waiting"));
                assertThat(stack.post("/api/jobs/" + id + "/cancel", me, null).statusCode()).isEqualTo(202);
            }
            awaitFinished("/api/jobs/" + id, me);
            mine.add(0, id);
        }
        awaitFinished("/api/jobs/" + theirs, other);

        HttpResponse<String> first = stack.get("/api/jobs?limit=2", me);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        List<Map<String, Object>> page1 = json.readValue(first.body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertThat(page1).extracting(j -> j.get("id")).containsExactly(mine.get(0), mine.get(1));
        String next = first.headers().firstValue("Link").orElseThrow().replaceAll("^<([^>]+)>; rel=\"next\"$", "$1");
        HttpResponse<String> second = stack.get(next, me);
        List<Map<String, Object>> page2 = json.readValue(second.body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertThat(page2).extracting(j -> j.get("id")).containsExactly(mine.get(2));
        assertThat(second.headers().firstValue("Link")).as("the last page has no next link").isEmpty();

        List<Map<String, Object>> canceled = json.readValue(stack.get("/api/jobs?status=canceled", me).body(),
                Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertThat(canceled).extracting(j -> j.get("id")).containsExactly(mine.get(1));
        assertThat(stack.get("/api/jobs?status=sideways", me).statusCode()).isEqualTo(400);
        assertThat(stack.get("/api/jobs?cursor=not-a-cursor", me).statusCode()).isEqualTo(400);

        String job = mine.get(0);
        Map<String, Object> lines = body(stack.get("/api/jobs/" + job + "/log?limit=2", me));
        assertThat((List<?>) lines.get("lines")).hasSize(2);
        long cursor = ((Number) lines.get("next")).longValue();
        Map<String, Object> rest = body(stack.get("/api/jobs/" + job + "/log?after=" + cursor, me));
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> page : List.of(lines, rest)) {
            for (Object l : (List<?>) page.get("lines")) {
                text.append(((Map<?, ?>) l).get("text"));
            }
        }
        assertThat(text.toString()).isEqualTo(body(stack.get("/api/jobs/" + job, me)).get("log"));
        assertThat(stack.get("/api/jobs/" + job + "/log", other).statusCode()).as("not the other user's").isEqualTo(404);
    }

    @Test
    void runsAndTopicsOfOthersAreInvisible() throws Exception {
        String planId = plan("private", false, List.of(Map.of("name", "w", "kind", "wait", "config", Map.of("seconds", 0))));
        String owner = signIn();
        String other = signIn();
        String jobId = id(stack.post("/api/plans/" + planId + "/jobs", owner, "{}"));
        HttpResponse<String> peek = stack.get("/api/jobs/" + jobId, other);
        assertThat(peek.statusCode()).isEqualTo(404);
        assertThat(peek.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(stack.get("/api/jobs/" + jobId, null).statusCode()).isEqualTo(401);

        Messages messages = new Messages();
        WebSocket ws = socket(other, messages);
        ws.sendText("{\"action\":\"subscribe\",\"topic\":\"job:" + jobId + "\"}", true);
        await().until(() -> messages.received.stream().anyMatch(m -> m.contains("\"error\"")));
        assertThat(messages.received).noneSatisfy(m -> assertThat(m).contains("\"subscribed\""));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        awaitFinished("/api/jobs/" + jobId, owner);
    }

    @Test
    void theSocketRefusesAnonymousClientsAndForeignOrigins() throws Exception {
        Messages anonymous = new Messages();
        stack.http.newWebSocketBuilder().header("Origin", "http://localhost:" + stack.port)
                .buildAsync(URI.create("ws://localhost:" + stack.port + "/ws/notifications?topic=user:"
                        + UUID.randomUUID()), anonymous).join();
        await().untilAsserted(() -> assertThat(anonymous.closed).as("received " + anonymous.received)
                .isCompletedWithValue(4401));

        String token = signIn();
        assertThatThrownBy(() -> stack.http.newWebSocketBuilder().header("Origin", "http://evil.example")
                .header("Cookie", "__Host-session=" + token)
                .buildAsync(URI.create("ws://localhost:" + stack.port + "/ws/notifications"), new Messages()).join())
                .cause().isInstanceOfSatisfying(java.net.http.WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        assertThat(token).isNotNull();
    }

    @Test
    void adminApiNeedsAnAdminAndValidatesSteps() throws Exception {
        String user = signIn();
        assertThat(stack.post("/api/admin/products", user, "{\"slug\":\"x\",\"title\":\"X\"}").statusCode()).isEqualTo(403);
        String planId = plan("admin-validation", false, List.of());
        HttpResponse<String> bad = stack.post("/api/admin/plans/" + planId + "/steps", adminToken,
                "{\"order\":1,\"name\":\"x\",\"kind\":\"shell\",\"config\":{}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown step kind");
        HttpResponse<String> dup = stack.post("/api/admin/products", adminToken,
                "{\"slug\":\"admin-validation\",\"title\":\"again\"}");
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(body(stack.get("/api/products/admin-validation", user)).toString()).contains("install");
    }

    @Test
    void localMediaIsServedPublicForeverAndPrivateOnlyWithAValidSignature() throws Exception {
        dev.deckhand.storage.Storage storage = stack.web.getBean(dev.deckhand.storage.Storage.class);
        String key = storage.putPublic("logo".getBytes(), "png", "image/png");
        HttpResponse<String> pub = stack.get(storage.publicUrl(key).toString(), null);
        assertThat(pub.statusCode()).isEqualTo(200);
        assertThat(pub.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        storage.putPrivate("jobs/x/log.txt", "secret log".getBytes(), "text/plain");
        String signed = storage.presignedUrl("jobs/x/log.txt", Duration.ofMinutes(5)).toString();
        HttpResponse<String> ok = stack.get(signed, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("secret log");
        assertThat(stack.get(signed.replace("signature=", "signature=x"), null).statusCode()).isEqualTo(403);
        assertThat(stack.get("/media/private/jobs/x/log.txt", null).statusCode()).isEqualTo(403);
        assertThat(stack.get("/media/public/../private/jobs/x/log.txt", null).statusCode()).isIn(400, 404);
    }

    @Test
    void theOpenApiDocumentIsGeneratedFromTheControllers() throws Exception {
        HttpResponse<String> doc = stack.get("/api/openapi.yml", null);
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).contains("openapi: 3").contains("/api/plans/{planId}/jobs:")
                .contains("/api/admin/plans/{id}/steps:").doesNotContain("/api/openapi.yml");
    }

    @Test
    void disconnectingRevokesTheAccountPromptly() throws Exception {
        String token = signIn();
        List<?> accounts = (List<?>) body(stack.get("/api/me", token)).get("accounts");
        String accountId = String.valueOf(((Map<?, ?>) accounts.get(0)).get("id"));
        String other = signIn();
        java.net.http.HttpRequest.Builder delete = java.net.http.HttpRequest.newBuilder(
                URI.create(stack.url("/api/accounts/" + accountId))).DELETE();
        assertThat(stack.http.send(delete.copy().header("Authorization", "Bearer " + other).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(stack.http.send(delete.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(body(stack.get("/api/me", token)))
                .containsEntry("accounts", List.of()));
    }
}
