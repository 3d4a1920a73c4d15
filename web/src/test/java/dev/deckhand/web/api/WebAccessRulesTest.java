package dev.deckhand.web.api;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.runs.Job;
import dev.deckhand.runs.JobRepository;
import dev.deckhand.runs.Preflight;
import dev.deckhand.runs.PreflightRepository;
import dev.deckhand.runs.RunStatus;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may see and start runs, over real HTTP and WebSockets, from inside and outside the admin
 * networks (issue 13 items 3 and 8; reliability row 35). The test client connects from
 * 127.0.0.1, which plays the trusted proxy; {@code X-Forwarded-For} says where "the client" is:
 * 10.1.2.3 is inside ADMIN_API_ALLOWED_SUBNETS, 203.0.113.9 outside. Runs are rows made with the
 * domain's repositories (no worker runs here: only access is under test). Also: the admin UI's
 * catalogue forms go through the same domain service (and rules) as the admin API (item 4).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class WebAccessRulesTest {

    static final String INSIDE = "10.1.2.3";
    static final String OUTSIDE = "203.0.113.9";
    static final int SOCKETS_PER_USER = 3;
    static ApiStack stack;
    static Sessions sessions;
    static TestPostgres postgres;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        postgres = pg;
        stack = ApiStack.start(pg, redis, oauth, Map.of("TRUSTED_PROXIES", "127.0.0.1/32",
                "ADMIN_API_ALLOWED_SUBNETS", "10.0.0.0/8",
                "MAX_WEBSOCKETS_PER_USER", String.valueOf(SOCKETS_PER_USER)), false);
        sessions = stack.web.getBean(Sessions.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static User user(boolean admin) {
        return stack.web.getBean(UserRepository.class).save(new User(null, "local", "u-" + UUID.randomUUID(),
                null, admin ? "Admin" : "User", admin, Instant.now()));
    }

    static String token(User user) {
        return sessions.issue(user, "api", Duration.ofHours(1));
    }

    static Plan plan(boolean listed) {
        CatalogueAdmin admin = stack.web.getBean(CatalogueAdmin.class);
        String slug = "p-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = admin.createProduct(null, slug, "Product " + slug, null, null).id();
        ProductVersion v = admin.createVersion(null, product, "1.0", listed);
        return admin.createPlan(null, v.id(), "install", "Install", false);
    }

    static Job runningJob(User owner) {
        return stack.web.getBean(JobRepository.class).save(new Job(null, plan(true).id(), owner.id(), null, null,
                RunStatus.STARTED, "[]", "{}", false, null, Instant.now(), null));
    }

    static HttpResponse<String> send(String method, String path, String from, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.url(path)))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (!method.equals("GET")) {
            b.header("Content-Type", "application/json");
        }
        if (from != null) {
            b.header("X-Forwarded-For", from);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return stack.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> api(String method, String path, String token, String from) throws Exception {
        return send(method, path, from, "Authorization", "Bearer " + token);
    }

    /** A browser form POST: session cookie, signed CSRF cookie + field, same Origin. */
    static HttpResponse<String> uiPost(String path, String token, String from, String... form) throws Exception {
        HttpResponse<String> csrf = send("GET", "/api/csrf-token", from);
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(csrf.body());
        assertThat(m.find()).as(csrf.body()).isTrue();
        String cookie = csrf.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "__Host-session=" + token + "; " + cookie)
                .header("Origin", "http://localhost:" + stack.port)
                .POST(HttpRequest.BodyPublishers.ofString(formBody(m.group(1), form)));
        if (from != null) {
            b.header("X-Forwarded-For", from);
        }
        return stack.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String formBody(String csrf, String... form) {
        StringBuilder b = new StringBuilder("csrf_token=").append(csrf);
        for (int i = 0; i < form.length; i += 2) {
            b.append('&').append(form[i]).append('=')
                    .append(java.net.URLEncoder.encode(form[i + 1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return b.toString();
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

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }

    static WebSocket socket(String token, String from, Messages messages) {
        WebSocket.Builder b = stack.http.newWebSocketBuilder().header("Authorization", "Bearer " + token);
        if (from != null) {
            b.header("X-Forwarded-For", from);
        }
        WebSocket ws = b.buildAsync(URI.create("ws://localhost:" + stack.port + "/ws/notifications"), messages).join();
        await().atMost(Duration.ofSeconds(20)).until(() -> messages.received.stream().anyMatch(m -> m.contains("\"ready\""))
                || messages.closed.isDone());
        return ws;
    }

    /** Subscribes and returns the server's answer for that topic (subscribed or error). */
    static String subscribe(WebSocket ws, Messages messages, String topic) {
        ws.sendText("{\"action\":\"subscribe\",\"topic\":\"" + topic + "\"}", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> messages.received.stream().anyMatch(m -> m.contains(topic)));
        return messages.received.stream().filter(m -> m.contains(topic)).findFirst().orElseThrow();
    }

    @Test
    void anAdminOutsideTheAdminNetworksCannotReadOrCancelAnotherUsersRun() throws Exception {
        User owner = user(false);
        String admin = token(user(true));
        Job job = runningJob(owner);
        Preflight preflight = stack.web.getBean(PreflightRepository.class).save(new Preflight(null, job.planId(),
                owner.id(), null, RunStatus.STARTED, "{}", null, Instant.now(), null, null));

        assertThat(api("GET", "/api/jobs/" + job.id(), admin, OUTSIDE).statusCode()).isEqualTo(404);
        assertThat(api("GET", "/api/preflights/" + preflight.id(), admin, OUTSIDE).statusCode()).isEqualTo(404);
        assertThat(api("POST", "/api/jobs/" + job.id() + "/cancel", admin, OUTSIDE).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/jobs/" + job.id(), OUTSIDE, "Cookie", "__Host-session=" + admin).statusCode())
                .as("the run page").isEqualTo(404);
        assertThat(uiPost("/jobs/" + job.id() + "/cancel", admin, OUTSIDE).statusCode()).as("the cancel form")
                .isEqualTo(404);
        assertThat(stack.web.getBean(JobRepository.class).findById(job.id()).orElseThrow().cancelRequested()).isFalse();

        assertThat(api("GET", "/api/jobs/" + job.id(), admin, INSIDE).statusCode()).isEqualTo(200);
        assertThat(api("GET", "/api/preflights/" + preflight.id(), admin, INSIDE).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/jobs/" + job.id(), INSIDE, "Cookie", "__Host-session=" + admin).statusCode())
                .isEqualTo(200);
        HttpResponse<String> cancel = api("POST", "/api/jobs/" + job.id() + "/cancel", admin, INSIDE);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
    }

    @Test
    void anAdminOutsideTheAdminNetworksCannotSubscribeToAnotherUsersTopics() throws Exception {
        User owner = user(false);
        String admin = token(user(true));
        Job job = runningJob(owner);

        Messages outside = new Messages();
        WebSocket ws = socket(admin, OUTSIDE, outside);
        assertThat(subscribe(ws, outside, "user:" + owner.id())).contains("\"error\"");
        assertThat(subscribe(ws, outside, "job:" + job.id())).contains("\"error\"");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");

        Messages inside = new Messages();
        WebSocket ws2 = socket(admin, INSIDE, inside);
        assertThat(subscribe(ws2, inside, "user:" + owner.id())).contains("\"subscribed\"");
        assertThat(subscribe(ws2, inside, "job:" + job.id())).contains("\"subscribed\"");
        ws2.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Test
    void plansOfUnlistedVersionsCannotBeRunById() throws Exception {
        User user = user(false);
        stack.web.getBean(ConnectedAccountRepository.class).save(new ConnectedAccount(UUID.randomUUID(), user.id(),
                "local", "acct-" + user.id(), null, null, null, null, null, ConnectedAccount.ACTIVE, Instant.now(),
                Instant.now(), 0, null));
        String token = token(user);
        Plan hidden = plan(false);
        Plan listed = plan(true);

        assertThat(api("POST", "/api/plans/" + hidden.id() + "/jobs", token, null).statusCode()).isEqualTo(404);
        assertThat(api("POST", "/api/plans/" + hidden.id() + "/preflights", token, null).statusCode()).isEqualTo(404);
        assertThat(uiPost("/plans/" + hidden.id() + "/jobs", token, null).statusCode()).isEqualTo(404);
        assertThat(uiPost("/plans/" + hidden.id() + "/preflight", token, null).statusCode()).isEqualTo(404);
        assertThat(stack.web.getBean(JobRepository.class).findByUserIdOrderByCreatedAtDesc(user.id())).isEmpty();

        HttpResponse<String> ok = api("POST", "/api/plans/" + listed.id() + "/jobs", token, null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    }

    @Test
    void socketsCloseWhenTheirSessionIsRevokedOrExpires() throws Exception {
        User user = user(false);
        String revoked = token(user);
        Messages first = new Messages();
        socket(revoked, null, first);
        assertThat(first.received).anySatisfy(m -> assertThat(m).contains("\"ready\""));
        sessions.revoke(revoked);
        await().atMost(Duration.ofSeconds(45)).until(first.closed::isDone);

        String shortLived = sessions.issue(user, "api", Duration.ofSeconds(3));
        Messages second = new Messages();
        socket(shortLived, null, second);
        await().atMost(Duration.ofSeconds(45)).until(second.closed::isDone);
    }

    @Test
    void socketsAreCappedPerUser() throws Exception {
        User user = user(false);
        String token = token(user);
        List<WebSocket> open = new ArrayList<>();
        List<Messages> listeners = new ArrayList<>();
        for (int i = 0; i < SOCKETS_PER_USER; i++) {
            Messages m = new Messages();
            open.add(socket(token, null, m));
            listeners.add(m);
        }
        Messages oneTooMany = new Messages();
        socket(token, null, oneTooMany);
        await().atMost(Duration.ofSeconds(20)).until(oneTooMany.closed::isDone);
        assertThat(oneTooMany.closed.join()).isEqualTo(4429);
        assertThat(listeners).noneMatch(m -> m.closed.isDone());

        // Another user is not affected, and closing one frees a place.
        Messages other = new Messages();
        WebSocket otherWs = socket(token(user(false)), null, other);
        assertThat(other.closed).isNotDone();
        open.get(0).sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        await().atMost(Duration.ofSeconds(20)).until(listeners.get(0).closed::isDone);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Messages attempt = new Messages();
            socket(token, null, attempt);
            // "ready" is sent only after the cap check passed.
            assertThat(attempt.received).anySatisfy(m -> assertThat(m).contains("\"ready\""));
        });
        otherWs.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    static List<String> auditActions(UUID subject) throws Exception {
        List<String> actions = new ArrayList<>();
        try (java.sql.Connection c = postgres.connect();
             java.sql.PreparedStatement q = c.prepareStatement("SELECT action FROM audit WHERE subject_id = ? ORDER BY id")) {
            q.setString(1, subject.toString());
            try (java.sql.ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    actions.add(r.getString(1));
                }
            }
        }
        return actions;
    }

    @Test
    void theAdminUiWritesTheCatalogueThroughTheDomainServiceAndItsRules() throws Exception {
        String admin = token(user(true));
        Plan plan = plan(true);
        String path = "/admin/catalogue/plans/" + plan.id() + "/steps";
        var steps = stack.web.getBean(dev.deckhand.catalogue.StepRepository.class);
        for (String[] bad : new String[][] {
                {"http", "{\"path\":\"@attacker.example/x\"}"},
                {"http", "{\"path\":\"@169.254.169.254/latest/meta-data/\"}"},
                {"http", "{\"path\":\"/v1/x\",\"preflight\":{\"method\":\"DELETE\",\"path\":\"/v1/x\"}}"},
                {"shell", "{}"}}) {
            HttpResponse<String> r = uiPost(path, admin, INSIDE, "name", "bad", "kind", bad[0], "config", bad[1]);
            assertThat(r.statusCode()).as(bad[1] + ": " + r.body()).isEqualTo(422);
        }
        assertThat(steps.findByPlanIdOrderByStepOrder(plan.id())).isEmpty();

        HttpResponse<String> ok = uiPost(path, admin, INSIDE, "name", "create", "kind", "http",
                "config", "{\"method\":\"POST\",\"path\":\"/v1/things\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(303);
        var created = steps.findByPlanIdOrderByStepOrder(plan.id());
        assertThat(created).hasSize(1);
        assertThat(auditActions(created.get(0).id())).containsExactly("step.created");

        HttpResponse<String> product = uiPost("/admin/catalogue/products", admin, INSIDE, "slug", "ui-made",
                "title", "Made in the UI");
        assertThat(product.statusCode()).as(product.body()).isEqualTo(303);
        var made = stack.web.getBean(dev.deckhand.catalogue.ProductRepository.class).findBySlug("ui-made").orElseThrow();
        assertThat(auditActions(made.id())).containsExactly("product.created");
        HttpResponse<String> again = uiPost("/admin/catalogue/products", admin, INSIDE, "slug", "ui-made",
                "title", "Again");
        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("exists already");
    }
}
