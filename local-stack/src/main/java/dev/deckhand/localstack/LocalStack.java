package dev.deckhand.localstack;

import dev.deckhand.config.SettingsCatalog;
import dev.deckhand.config.SettingsLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole system on one machine with no Docker: embedded PostgreSQL 16 and Redis 7, a local
 * OAuth2 provider, the migrations proctype, then web, devworker and scheduler as separate child
 * processes from their own jars (dev/prod parity: the same jars production runs).
 *
 * <p>Ready for the newcomer's journey with no other command: the provider's login form lets you
 * choose who you are (a user name; {@code admin} is an administrator through the local layer's
 * DECKHAND_ADMINS), a demo account API ({@link DemoAccountApi}) is the connected account's API
 * (OAUTH_API_BASE_URL), and web applies examples/demo-catalogue.yaml when the catalogue is empty
 * (CATALOGUE_SEED_FILE).
 *
 * <p>A process manager for them: a proctype that exits or crashes is restarted with a backoff
 * (1 s doubling to 30 s, see {@link SupervisedProctype}), logged with its exit status. Ctrl-C
 * (SIGINT) or SIGTERM stops everything in order: the proctypes get SIGTERM and drain, then the
 * OAuth2 provider, Redis and PostgreSQL stop, and the stack exits with status 0. Data lives under
 * {@code var/local/} and survives restarts: PostgreSQL's data directory, and Redis's append-only
 * file (appendonly yes, fsync every second) so queued jobs outlive a restart of the stack.
 */
public final class LocalStack {

    /** The local provider's issuer id: http://localhost:LOCAL_OAUTH_PORT/local. */
    static final String ISSUER = "local";

    private final Path root;
    private final Path repository;
    private final List<SupervisedProctype> children = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private EmbeddedPostgres postgres;
    private RedisServer redis;
    private MockOAuth2Server oauth;
    private DemoAccountApi demoApi;
    private volatile ChildProcess migrations;

    LocalStack(Path root) {
        this.root = root;
        this.repository = repositoryRoot();
    }

    /** The checkout this jar was built in: local-stack/target/deckhand-local-stack.jar -> ../../.. */
    private static Path repositoryRoot() {
        try {
            Path jar = Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent();
        } catch (Exception e) {
            return Path.of(System.getProperty("user.dir"));
        }
    }

    /**
     * Always writes the variables the proctypes get to var/local/services.env (bin/deckhand reads it).
     *
     * @param args {@code --services-only}: backing services and migrations only (benchmarks use it)
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        LocalStack stack = new LocalStack(root);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
        for (String signal : List.of("TERM", "INT")) {
            // A signal is the normal way to stop the stack: stop in order, then exit 0 (not 143/130).
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(() -> {
                log("received SIG" + signal + ": stopping");
                stack.stop();
                System.exit(0);
            }, "local-stack-signal").start());
        }
        stack.start(java.util.Arrays.asList(args).contains("--services-only"));
        stack.stopped.await();
    }

    void start(boolean servicesOnly) throws Exception {
        LocalPorts ports = LocalPorts.fromEnvironment();
        Path data = root.resolve("var/local");
        Files.createDirectories(data);
        log("starting PostgreSQL 16 on port " + ports.postgres() + " (data in " + data.resolve("postgres") + ")");
        postgres = EmbeddedPostgres.builder().setPort(ports.postgres())
                .setDataDirectory(data.resolve("postgres")).setCleanDataDirectory(false).start();
        createDatabase();
        Path redisData = Files.createDirectories(data.resolve("redis"));
        log("starting Redis 7 on port " + ports.redis() + " (append-only file in " + redisData + ")");
        redis = RedisServer.builder().port(ports.redis()).bind("127.0.0.1")
                .setting("dir \"" + redisData.toAbsolutePath() + "\"")
                .setting("appendonly yes").setting("appendfsync everysec").setting("save \"\"").build();
        redis.start();
        // The full stack's provider asks who you are (a user-name form: the same name is the same
        // user); --services-only keeps the scripted, non-interactive login benchmarks use.
        log("starting local OAuth2 provider on port " + ports.oauth()
                + (servicesOnly ? "" : " (sign in with any user name; 'admin' is an administrator)"));
        oauth = new MockOAuth2Server(new OAuth2Config(!servicesOnly));
        oauth.start(java.net.InetAddress.getLoopbackAddress(), ports.oauth());

        Map<String, String> env = new LinkedHashMap<>();
        env.put("DECKHAND_ENV", "local");
        env.put("PROJECT_ROOT", root.toString());
        env.put("DATABASE_URL", "postgres://deckhand_app:deckhand_app@localhost:" + ports.postgres() + "/deckhand");
        env.put("MIGRATION_DATABASE_URL", "postgres://postgres:postgres@localhost:" + ports.postgres() + "/deckhand");
        env.put("APP_DATABASE_ROLE", "deckhand_app");
        env.put("APP_DATABASE_PASSWORD", "deckhand_app");
        env.put("REDIS_URL", "redis://127.0.0.1:" + ports.redis() + "/0");
        env.put("OAUTH_ISSUER_URL", oauth.issuerUrl(ISSUER).toString().replaceAll("/$", ""));
        env.put("OAUTH_CLIENT_ID", "deckhand-local");
        env.put("OAUTH_CLIENT_SECRET", "deckhand-local-secret");

        ChildProcess migrations = ChildProcess.start("migrations", jar("migrations"), root, env);
        this.migrations = migrations;
        int status = migrations.waitFor();
        if (status != 0) {
            log("migrations failed with exit status " + status + "; stopping");
            stop();
            System.exit(status);
        }
        // Where the services are, for benchmarks (--services-only) and bin/deckhand (the CLI sources it).
        StringBuilder file = new StringBuilder();
        env.forEach((k, v) -> file.append("export ").append(k).append("='").append(v).append("'\n"));
        Files.writeString(data.resolve("services.env"), file.toString());
        if (servicesOnly) {
            log("backing services ready; variables in " + data.resolve("services.env") + " (Ctrl-C stops)");
            return;
        }
        demoApi = new DemoAccountApi(0, oauth.userInfoUrl(ISSUER).toString());
        log("demo account API at " + demoApi.baseUrl() + " (the demo catalogue's steps call it)");
        env.put("OAUTH_API_BASE_URL", demoApi.baseUrl());
        env.put("CATALOGUE_SEED_FILE", repository.resolve("examples/demo-catalogue.yaml").toString());
        // The web's port as the web itself resolves it (PORT, else its layers: the catalogue's one declaration).
        Map<String, String> webEnv = new LinkedHashMap<>(System.getenv());
        webEnv.putAll(env);
        String webPort = String.valueOf(SettingsLoader.load("web", webEnv, root).value(SettingsCatalog.PORT));
        for (String proctype : List.of("web", "devworker", "scheduler")) {
            Map<String, String> own = new LinkedHashMap<>(env);
            // PORT belongs to web; the others keep their proctype defaults (8084, 8083).
            own.put("PORT", "web".equals(proctype) ? webPort
                    : System.getenv().getOrDefault("LOCAL_" + proctype.toUpperCase() + "_PORT",
                            "devworker".equals(proctype) ? "8084" : "8083"));
            Path jar = jar(proctype);
            supervise(new SupervisedProctype(proctype, () -> ChildProcess.start(proctype, jar, root, own)));
        }
        log("Deckhand is starting: http://localhost:" + webPort
                + "/  (a proctype that exits is restarted; Ctrl-C stops everything)");
    }

    /** Starts a proctype under supervision, unless the stack is already stopping. */
    private synchronized void supervise(SupervisedProctype proctype) {
        if (stopping) {
            return;
        }
        children.add(proctype);
        proctype.start();
    }

    private void createDatabase() throws Exception {
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = 'deckhand'")) {
            if (!rs.next()) {
                c.createStatement().execute("CREATE DATABASE deckhand");
            }
        }
    }

    private Path jar(String proctype) {
        Path jar = repository.resolve(proctype).resolve("target/deckhand-" + proctype + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests package");
        }
        return jar;
    }

    /** Idempotent: SIGTERM children in parallel, wait for their drain, then stop backing services. */
    synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        stopping = true;
        log("stopping: SIGTERM to " + children.size() + " proctypes");
        children.forEach(SupervisedProctype::terminate);
        children.forEach(c -> c.awaitExit(40));
        children.forEach(c -> log(c.name() + " stopped with status " + c.exitStatus()));
        if (migrations != null && migrations.exitStatus() == -1) {
            migrations.terminate();
            migrations.awaitExit(40);
        }
        try {
            if (demoApi != null) {
                demoApi.close();
            }
            if (oauth != null) {
                oauth.shutdown();
            }
            if (redis != null && redis.isActive()) {
                redis.stop();
            }
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException | RuntimeException e) {
            log("error while stopping backing services: " + e.getMessage());
        }
        log("stopped");
        stopped.countDown();
    }

    static void log(String message) {
        System.out.println("[local-stack] " + message);
        System.out.flush();
    }
}
