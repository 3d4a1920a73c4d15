package dev.deckhand.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.testing.AccountApiServer;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.RedisClient;

/**
 * The whole system as an operator runs it, for fault tests on users' runs: the migrations jar
 * once, then web, scheduler and worker-short jars, and as many worker jars as a test starts, all
 * configured by environment only, on the real PostgreSQL, a dedicated Redis the test may flush,
 * restart or freeze, the OAuth provider and the account API. An admin and a user sign in through
 * the provider over HTTP; plans are published through the admin API and run through the user API.
 * A test may also start a devworker jar ({@link #startDevworker}).
 * Visibility timeout 5 s (the minimum) and drain 10 s, so lost leases and drains are quick.
 */
final class RunStack implements AutoCloseable {

    static final int VISIBILITY_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final TestPostgres pg;
    final TestRedis redis;
    final AccountApiServer api;
    final Path work;
    final Map<String, String> env;
    final List<ProctypeJar> processes = new CopyOnWriteArrayList<>();
    private final AtomicInteger workers = new AtomicInteger();
    private final int webPort;
    private String adminToken;
    String userToken;

    private RunStack(TestPostgres pg, TestRedis redis, AccountApiServer api, Path work, Map<String, String> env,
                     int webPort) {
        this.pg = pg;
        this.redis = redis;
        this.api = api;
        this.work = work;
        this.env = env;
        this.webPort = webPort;
    }

    static RunStack start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, Path work) throws Exception {
        AccountApiServer api = new AccountApiServer(oauth.issuerUrl() + "/userinfo");
        Map<String, String> env = new HashMap<>();
        env.put("DECKHAND_ENV", "test");
        env.put("MIGRATION_DATABASE_URL", pg.databaseUrl());
        env.put("APP_DATABASE_ROLE", "deckhand_app");
        env.put("APP_DATABASE_PASSWORD", "app-role-password");
        env.put("DATABASE_URL", "postgres://deckhand_app:app-role-password@" + pg.host() + ":" + pg.port() + "/"
                + pg.database());
        env.put("REDIS_URL", redis.redisUrl());
        env.put("OAUTH_ISSUER_URL", oauth.issuerUrl());
        env.put("OAUTH_CLIENT_ID", "deckhand-test");
        env.put("OAUTH_CLIENT_SECRET", "deckhand-test-client-secret");
        env.put("OAUTH_SCOPES", "openid offline_access");
        env.put("OAUTH_API_BASE_URL", api.baseUrl());
        env.put("JOB_VISIBILITY_TIMEOUT_SECONDS", String.valueOf(VISIBILITY_SECONDS));
        env.put("JOB_DRAIN_TIMEOUT_SECONDS", "10");
        env.put("RATE_LIMIT_API_PER_MINUTE", "0");
        env.put("RATE_LIMIT_LOGIN_PER_MINUTE", "0");
        env.put("LOG_LEVEL", "INFO");
        int webPort = FreePorts.next();
        RunStack stack = new RunStack(pg, redis, api, work, env, webPort);
        try (ProctypeJar migrations = ProctypeJar.start("migrations", work, env)) {
            assertThat(migrations.awaitExit(120)).as(migrations.outputText()).isZero();
        }
        ProctypeJar web = stack.startProcess("web", "web", Map.of("PORT", String.valueOf(webPort)));
        web.port = webPort;
        int schedulerPort = FreePorts.next();
        ProctypeJar scheduler = stack.startProcess("scheduler", "scheduler", Map.of("PORT", String.valueOf(schedulerPort)));
        scheduler.port = schedulerPort;
        int shortPort = FreePorts.next();
        ProctypeJar workerShort = stack.startProcess("worker-short", "worker-short",
                Map.of("PORT", String.valueOf(shortPort)));
        workerShort.port = shortPort;
        web.awaitReady(webPort);
        scheduler.awaitReady(schedulerPort);
        workerShort.awaitReady(shortPort);
        stack.adminToken = stack.signIn();
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE users SET is_admin = true WHERE id = ?::uuid")) {
            s.setString(1, String.valueOf(((Map<?, ?>) stack.get("/api/me", stack.adminToken).get("user")).get("id")));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        stack.userToken = stack.signIn();
        return stack;
    }

    private ProctypeJar startProcess(String proctype, String name, Map<String, String> extra) throws IOException {
        Map<String, String> own = new HashMap<>(env);
        own.putAll(extra);
        ProctypeJar jar = ProctypeJar.startNamed(proctype, name, work, own);
        processes.add(jar);
        return jar;
    }

    /** The process started under {@code name} (web, scheduler, worker-short, worker-1, ...). */
    ProctypeJar process(String name) {
        return processes.stream().filter(p -> p.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no process " + name));
    }

    /** A new worker process (queue default only, {@code concurrency} slots), ready. */
    ProctypeJar startWorker(int concurrency) throws IOException {
        ProctypeJar w = startWorkerAsync(concurrency);
        w.awaitReady(w.port);
        return w;
    }

    /** A new worker process, not yet ready: {@link ProctypeJar#awaitReady} with its port. */
    ProctypeJar startWorkerAsync(int concurrency) throws IOException {
        int port = FreePorts.next();
        ProctypeJar w = startProcess("worker", "worker-" + workers.incrementAndGet(),
                Map.of("PORT", String.valueOf(port), "WORKER_QUEUES", "default=" + concurrency));
        w.port = port;
        return w;
    }

    /** A devworker process (every queue it is given in one process, for local use) on {@code queues}, ready. */
    ProctypeJar startDevworker(String queues) throws IOException {
        int port = FreePorts.next();
        ProctypeJar w = startProcess("devworker", "devworker", Map.of("PORT", String.valueOf(port), "WORKER_QUEUES", queues));
        w.port = port;
        w.awaitReady(port);
        return w;
    }

    // --- the user's and the admin's HTTP API -------------------------------------------------------

    private String url(String path) {
        return "http://127.0.0.1:" + webPort + path;
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Object> get(String path, String token) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url(path))).GET(), token);
        assertThat(r.statusCode()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return JSON.readValue(r.body(), new TypeReference<>() { });
    }

    HttpResponse<String> post(String path, String token, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), token);
    }

    private String created(String path, Object body) throws Exception {
        HttpResponse<String> r = post(path, adminToken, body);
        assertThat(r.statusCode()).as("POST " + path + ": " + r.body()).isEqualTo(201);
        return String.valueOf(JSON.readValue(r.body(), Map.class).get("id"));
    }

    /** Sign-in as a browser does it: web -> provider -> callback; returns the API session token. */
    private String signIn() throws Exception {
        HttpResponse<String> start = send(HttpRequest.newBuilder(URI.create(url("/api/auth/signin"))).GET(), null);
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        HttpResponse<String> atProvider = send(HttpRequest.newBuilder(
                URI.create(start.headers().firstValue("Location").orElseThrow())).GET(), null);
        String back = atProvider.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("provider did not redirect: " + atProvider.statusCode()));
        // The flow is bound to the client that began it: its __Host- flow cookie goes back with the callback.
        String flowCookie = start.headers().allValues("Set-Cookie").stream().filter(c -> c.contains("oauth_flow="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new AssertionError("no flow cookie"));
        HttpResponse<String> callback = send(HttpRequest.newBuilder(URI.create(back)).header("Cookie", flowCookie).GET(), null);
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(200);
        return String.valueOf(JSON.readValue(callback.body(), Map.class).get("token"));
    }

    /** Publishes a product with one plan (no preflight) of these steps through the admin API; its id. */
    String plan(String slug, List<Map<String, Object>> steps) throws Exception {
        String product = created("/api/admin/products", Map.of("slug", slug, "title", "Product " + slug));
        String version = created("/api/admin/products/" + product + "/versions", Map.of("label", "1.0"));
        String plan = created("/api/admin/versions/" + version + "/plans",
                Map.of("slug", "install", "title", "Install", "preflightRequired", false));
        int order = 1;
        for (Map<String, Object> s : steps) {
            Map<String, Object> input = new HashMap<>(s);
            input.put("order", order++);
            created("/api/admin/plans/" + plan + "/steps", input);
        }
        return plan;
    }

    static Map<String, Object> step(String name, String kind, Map<String, Object> config) {
        return Map.of("name", name, "kind", kind, "config", config);
    }

    /** The user starts a job of the plan; its id. */
    String startJob(String planId) throws Exception {
        HttpResponse<String> r = post("/api/plans/" + planId + "/jobs", userToken, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return String.valueOf(JSON.readValue(r.body(), Map.class).get("id"));
    }

    Map<String, Object> job(String id) throws Exception {
        return get("/api/jobs/" + id, userToken);
    }

    /** Status -> count of the plan's jobs, read from PostgreSQL (the source of truth). */
    Map<String, Integer> statuses(String planId) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT status, count(*) FROM jobs WHERE plan_id = ?::uuid GROUP BY status")) {
            s.setString(1, planId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** The plan's jobs still {@code started}. */
    List<String> unfinished(String planId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT id FROM jobs WHERE plan_id = ?::uuid AND status = 'started'")) {
            s.setString(1, planId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    // --- Redis faults ------------------------------------------------------------------------------

    void redisFlushAll() {
        try (RedisClient c = redis.client()) {
            c.flushAll();
        }
    }

    long redisPid() {
        try (RedisClient c = redis.client()) {
            String info = c.info("server");
            return info.lines().filter(l -> l.startsWith("process_id:")).map(l -> Long.parseLong(l.substring(11).trim()))
                    .findFirst().orElseThrow();
        }
    }

    static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
    }

    // --- logs --------------------------------------------------------------------------------------

    /** Where each process's output ends now, to look only at what a test adds. */
    Map<ProctypeJar, Integer> logMarks() {
        Map<ProctypeJar, Integer> marks = new HashMap<>();
        processes.forEach(p -> marks.put(p, p.outputText().length()));
        return marks;
    }

    /** Lines logged since {@code marks} (all of a process started since) with an error or an exception. */
    List<String> problemsSince(Map<ProctypeJar, Integer> marks) {
        List<String> out = new ArrayList<>();
        for (ProctypeJar p : processes) {
            String text = p.outputText();
            text = text.substring(Math.min(text.length(), marks.getOrDefault(p, 0)));
            text.lines().filter(l -> l.contains("\"level\":\"ERROR\"") || l.contains("Exception"))
                    .forEach(l -> out.add(p.name + ": " + l));
        }
        return out;
    }

    @Override
    public void close() {
        processes.forEach(ProctypeJar::close);
        api.close();
    }
}
