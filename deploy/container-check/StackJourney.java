import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's journey through a running compose stack, driven from outside over the web
 * container's published port only, as a browser and an admin would (bin/container-check runs it
 * with `java StackJourney.java COMMAND`; JDK 17's single-file launcher, no dependencies):
 *
 *   setup              `admin` signs in through the OAuth provider's login form and is an
 *                      administrator by DECKHAND_ADMINS (no SQL), publishes a product with plans
 *                      through the admin API; a user signs in and connects an account
 *   journey            the user runs the preflight, then a job of the plan's `http` steps against
 *                      the account API; watches it complete over the WebSocket and the API; the
 *                      account API saw every step's call with the user's token
 *   start-wait-run     starts a job of the plan `wait` + `http` steps and waits until its first
 *                      step reached the account API (the job is mid-run in a worker); prints its id
 *   await-run ID SECS  the job completes (status complete) within SECS, and the account API
 *                      accepted each of its steps' calls
 *
 * State between commands (tokens, plan ids) is kept in $STATE_FILE. Exit 1 with a message on any
 * failed expectation. Environment: WEB_URL (http://localhost:8000), ACCOUNT_API_URL (the account
 * API's published address, for its /_calls record), STATE_FILE.
 */
public final class StackJourney {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final String WEB = System.getenv().getOrDefault("WEB_URL", "http://localhost:8000");
    private static final String API = System.getenv("ACCOUNT_API_URL");
    private static final Path STATE = Path.of(System.getenv().getOrDefault("STATE_FILE", "target/container-check/journey.properties"));
    private static final Properties state = new Properties();

    public static void main(String[] args) throws Exception {
        if (Files.exists(STATE)) {
            try (var in = Files.newBufferedReader(STATE)) {
                state.load(in);
            }
        }
        try {
            switch (args[0]) {
                case "setup" -> setup();
                case "journey" -> journey();
                case "start-wait-run" -> System.out.println(startWaitRun());
                case "await-run" -> awaitRun(args[1], Integer.parseInt(args[2]));
                default -> throw new Failure("unknown command " + args[0]);
            }
        } catch (Failure f) {
            System.err.println("JOURNEY FAILED: " + f.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("JOURNEY FAILED: " + args[0] + ": " + e);
            e.printStackTrace();
            System.exit(1);
        }
        try (var out = Files.newBufferedWriter(STATE)) {
            state.store(out, "bin/container-check journey state");
        }
    }

    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private static void check(boolean ok, String message) throws Failure {
        if (!ok) {
            throw new Failure(message);
        }
    }

    // --- setup ------------------------------------------------------------------------------------

    private static void setup() throws Exception {
        // DECKHAND_ADMINS (docker-compose.yml: admin) makes this sign-in an administrator: no SQL.
        String admin = signIn("admin");
        if (!get("/api/me", admin).body().contains("\"admin\":true")) {
            throw new Failure("signing in as admin did not make an administrator (DECKHAND_ADMINS)");
        }
        String user = signIn("cc-user");
        connectAccount(user, "cc-user");
        String me = get("/api/me", user).body();
        check(me.contains("\"accounts\":[{"), "the user has no connected account: " + me);
        String slug = "cc-" + Instant.now().getEpochSecond();
        String product = created(admin, "/api/admin/products", "{\"slug\":\"" + slug + "\",\"title\":\"Container check\"}");
        String version = created(admin, "/api/admin/products/" + product + "/versions", "{\"label\":\"1.0\"}");
        state.setProperty("userToken", user);
        state.setProperty("httpPlan", plan(admin, version, "install", true,
                List.of(http("create-repo"), http("add-webhook"), http("invite-team"))));
        state.setProperty("waitPlan", plan(admin, version, "slow-install", false,
                List.of(http("before-wait"), "{\"name\":\"pause\",\"kind\":\"wait\",\"config\":{\"seconds\":15}}",
                        http("after-wait"))));
        System.out.println("setup: admin and user signed in through the provider, account connected, plans published");
    }

    private static String http(String name) {
        return "{\"name\":\"" + name + "\",\"kind\":\"http\",\"config\":{\"method\":\"POST\",\"path\":\"/runs/{{job_id}}/"
                + name + "\"}}";
    }

    private static String plan(String admin, String version, String slug, boolean preflight, List<String> steps) throws Exception {
        String plan = created(admin, "/api/admin/versions/" + version + "/plans", "{\"slug\":\"" + slug
                + "\",\"title\":\"" + slug + "\",\"preflightRequired\":" + preflight + "}");
        int order = 1;
        for (String step : steps) {
            created(admin, "/api/admin/plans/" + plan + "/steps", step.replaceFirst("^\\{", "{\"order\":" + order++ + ","));
        }
        return plan;
    }

    /** Sign-in as a browser does it: web -> provider -> callback with the flow cookie; the session token. */
    private static String signIn(String username) throws Exception {
        HttpResponse<String> start = send(HttpRequest.newBuilder(URI.create(WEB + "/api/auth/signin")).GET(), null);
        check(start.statusCode() == 302, "GET /api/auth/signin: " + start.statusCode() + " " + start.body());
        String callback = followProvider(start.headers().firstValue("Location").orElseThrow(), username);
        HttpResponse<String> done = send(HttpRequest.newBuilder(URI.create(callback)).header("Cookie", flowCookie(start))
                .GET(), null);
        check(done.statusCode() == 200, "sign-in callback: " + done.statusCode() + " " + done.body());
        return field(done.body(), "token");
    }

    /** POST /api/accounts/connect, through the provider, back to the callback as the signed-in user. */
    private static void connectAccount(String token, String username) throws Exception {
        HttpResponse<String> start = send(HttpRequest.newBuilder(URI.create(WEB + "/api/accounts/connect"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")), token);
        check(start.statusCode() == 200, "POST /api/accounts/connect: " + start.statusCode() + " " + start.body());
        String callback = followProvider(field(start.body(), "authorizationUrl"), username);
        HttpResponse<String> done = send(HttpRequest.newBuilder(URI.create(callback)).header("Cookie", flowCookie(start))
                .GET(), token);
        check(done.statusCode() == 200, "connect callback: " + done.statusCode() + " " + done.body());
    }

    /**
     * The provider's side of a sign-in: mock-oauth2-server (as docker-compose.yml runs it) shows a
     * login form where any user name signs in; the browser posts the name to the same URL.
     */
    private static String followProvider(String authorizationUrl, String username) throws Exception {
        HttpResponse<String> atProvider = send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET(), null);
        if (atProvider.statusCode() == 200 && atProvider.body().contains("name=\"username\"")) {
            atProvider = send(HttpRequest.newBuilder(URI.create(authorizationUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + username)), null);
        }
        HttpResponse<String> answer = atProvider;
        return answer.headers().firstValue("Location").orElseThrow(
                () -> new Failure("the provider did not redirect back: " + answer.statusCode() + " " + answer.body()));
    }

    private static String flowCookie(HttpResponse<String> start) throws Failure {
        return start.headers().allValues("Set-Cookie").stream().filter(c -> c.contains("oauth_flow="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new Failure("no OAuth flow cookie"));
    }

    // --- runs -------------------------------------------------------------------------------------

    private static void journey() throws Exception {
        String user = state.getProperty("userToken");
        String plan = state.getProperty("httpPlan");
        HttpResponse<String> pre = post("/api/plans/" + plan + "/preflights", user, "{}");
        check(pre.statusCode() == 202, "preflight: " + pre.statusCode() + " " + pre.body());
        String preflight = field(pre.body(), "id");
        String preStatus = awaitStatus("/api/preflights/" + preflight, user, 180);
        check(preStatus.equals("complete") || preStatus.equals("passed") || preStatus.equals("ok"),
                "preflight ended " + preStatus + ": " + get("/api/preflights/" + preflight, user).body());
        System.out.println("journey: preflight " + preflight + " " + preStatus);

        HttpResponse<String> started = post("/api/plans/" + plan + "/jobs", user, "{}");
        check(started.statusCode() == 202, "start job: " + started.statusCode() + " " + started.body());
        String job = field(started.body(), "id");
        List<String> frames = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> finalFrame = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + user)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(WEB.replaceFirst("^http", "ws") + "/ws/notifications?topic=job:" + job),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    String frame = text.toString();
                                    text.setLength(0);
                                    frames.add(frame);
                                    if (frame.contains("\"complete\"")) {
                                        finalFrame.complete(null);
                                    }
                                }
                                ws.request(1);
                                return null;
                            }
                        }).get(30, java.util.concurrent.TimeUnit.SECONDS);
        String status = awaitStatus("/api/jobs/" + job, user, 180);
        check(status.equals("complete"), "job " + job + " ended " + status + ": " + get("/api/jobs/" + job, user).body());
        try {
            finalFrame.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // The socket subscribed after the job may have finished: the final state is then not pushed.
            check(false, "no final state over the WebSocket for job " + job + "; frames: " + frames);
        }
        socket.abort();
        System.out.println("journey: job " + job + " complete over the API and the WebSocket (" + frames.size() + " frames)");
        requireCalls(job, "create-repo", "add-webhook", "invite-team");
    }

    private static String startWaitRun() throws Exception {
        String user = state.getProperty("userToken");
        HttpResponse<String> started = post("/api/plans/" + state.getProperty("waitPlan") + "/jobs", user, "{}");
        check(started.statusCode() == 202, "start job: " + started.statusCode() + " " + started.body());
        String job = field(started.body(), "id");
        Instant deadline = Instant.now().plusSeconds(120);
        while (!calls().contains("/runs/" + job + "/before-wait 201")) {
            check(Instant.now().isBefore(deadline), "job " + job + " never reached its first step");
            Thread.sleep(200);
        }
        return job;
    }

    private static void awaitRun(String job, int seconds) throws Exception {
        String status = awaitStatus("/api/jobs/" + job, state.getProperty("userToken"), seconds);
        check(status.equals("complete"), "job " + job + " ended " + status + ": "
                + get("/api/jobs/" + job, state.getProperty("userToken")).body());
        requireCalls(job, "before-wait", "after-wait");
        System.out.println("job " + job + " complete");
    }

    private static void requireCalls(String job, String... steps) throws Exception {
        String calls = calls();
        for (String step : steps) {
            check(calls.contains("POST /runs/" + job + "/" + step + " 201"),
                    "the account API never accepted step " + step + " of job " + job + ":\n" + calls);
        }
    }

    private static String calls() throws Exception {
        return sendRetrying(HttpRequest.newBuilder(URI.create(API + "/_calls")).timeout(Duration.ofSeconds(10)).build(),
                true).body();
    }

    /** Polls GET path until its status is no longer pending/started/running; that status. */
    private static String awaitStatus(String path, String token, int seconds) throws Exception {
        Instant deadline = Instant.now().plusSeconds(seconds);
        while (true) {
            HttpResponse<String> r = get(path, token);
            check(r.statusCode() == 200, "GET " + path + ": " + r.statusCode() + " " + r.body());
            String status = field(r.body(), "status");
            if (!List.of("pending", "queued", "started", "running").contains(status)) {
                return status;
            }
            check(Instant.now().isBefore(deadline), path + " still " + status + " after " + seconds + " s: " + r.body());
            Thread.sleep(500);
        }
    }

    // --- HTTP, JSON, SQL --------------------------------------------------------------------------

    private static HttpResponse<String> send(HttpRequest.Builder b, String token) throws IOException, InterruptedException {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = b.timeout(Duration.ofSeconds(30)).build();
        return sendRetrying(request, request.method().equals("GET"));
    }

    /**
     * Sends, retrying for up to 30 s when podman's port forwarding drops a connection: it reloads
     * its firewall rules whenever a sibling container starts or stops, and the published ports of
     * running containers refuse or reset new connections for a moment (seen in CI right after the
     * devworker stopped). A request that may have reached the server is retried only when it is a
     * read (idempotent); any other only when the connection was never made.
     */
    private static HttpResponse<String> sendRetrying(HttpRequest request, boolean idempotent)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            } catch (IOException e) {
                if (!idempotent || Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            System.err.println("(retrying " + request.method() + " " + request.uri().getPath() + " after a dropped connection)");
            Thread.sleep(500);
        }
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(WEB + path)).GET(), token);
    }

    private static HttpResponse<String> post(String path, String token, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(WEB + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    private static String created(String token, String path, String json) throws Exception {
        HttpResponse<String> r = post(path, token, json);
        check(r.statusCode() == 201, "POST " + path + ": " + r.statusCode() + " " + r.body());
        return field(r.body(), "id");
    }

    /** The first string value of a key in a JSON text (enough for these responses' top-level fields). */
    private static String field(String json, String key) throws Failure {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        check(m.find(), "no \"" + key + "\" in " + json);
        return m.group(1);
    }
}
