package dev.deckhand.cli;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.migrations.MigrationRunner;
import dev.deckhand.testing.FreePorts;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/deckhand} itself (the script, run by bash) against real PostgreSQL and Redis, as after
 * {@code bin/run-local}: with DATABASE_URL unset it reads the local stack's
 * {@code var/local/services.env} (written here in the local stack's format, pointing at the test
 * services); a DATABASE_URL in the environment wins over the file; an unreachable database exits 3
 * (the documented "PostgreSQL or Redis unreachable") naming DATABASE_URL. The script runs from a
 * copy of the repository layout whose {@code cli/target/deckhand-cli.jar} is a launcher jar: its
 * manifest names {@link Main} and this test's class path, so the real command line runs.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class BinDeckhandScriptTest {

    private static final Path SCRIPT = Path.of("..", "bin", "deckhand").toAbsolutePath().normalize();
    private static final String SECRET = "not-to-be-printed-" + UUID.randomUUID();
    private static TestPostgres pg;
    private static TestRedis redis;
    private static Path tree;
    private static String email;

    @BeforeAll
    static void start(TestPostgres postgres, TestRedis testRedis) throws Exception {
        pg = postgres;
        redis = testRedis;
        MigrationRunner.migrate(DatabaseUrl.parse(pg.databaseUrl()), "deckhand_app", null);
        email = "script-" + UUID.randomUUID() + "@example.test";
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (issuer, subject, email, name) VALUES ('local', ?, ?, 'Script')")) {
            ps.setString(1, "script-" + UUID.randomUUID());
            ps.setString(2, email);
            ps.executeUpdate();
        }
        tree = Files.createTempDirectory("deckhand-bin");
        Path bin = Files.createDirectories(tree.resolve("bin"));
        Files.copy(SCRIPT, bin.resolve("deckhand"));
        Files.createDirectories(tree.resolve("var/local"));
        launcherJar(Files.createDirectories(tree.resolve("cli/target")).resolve("deckhand-cli.jar"));
    }

    /** A jar with only a manifest: Main-Class the CLI's Main, Class-Path this test's class path. */
    private static void launcherJar(Path jar) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String urls = Stream.of(classPath.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" "));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, urls);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
    }

    /** var/local/services.env as the local stack writes it ({@code export NAME='value'} lines). */
    private static void servicesEnv(String databaseUrl) throws Exception {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("DECKHAND_ENV", "local");
        env.put("PROJECT_ROOT", tree.toString());
        env.put("DATABASE_URL", databaseUrl);
        env.put("REDIS_URL", redis.redisUrl());
        StringBuilder file = new StringBuilder();
        env.forEach((k, v) -> file.append("export ").append(k).append("='").append(v).append("'\n"));
        Files.writeString(tree.resolve("var/local/services.env"), file.toString());
    }

    private record Run(int status, String output) {
    }

    /** Runs {@code bash bin/deckhand ARGS} with DATABASE_URL/REDIS_URL/DECKHAND_ENV unset unless given. */
    private static Run deckhand(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("bash", tree.resolve("bin/deckhand").toString()),
                Stream.of(args)).toList()).redirectErrorStream(true);
        for (String name : new String[]{"DATABASE_URL", "REDIS_URL", "DECKHAND_ENV", "PROJECT_ROOT", "SKIP_BUILD"}) {
            pb.environment().remove(name);
        }
        pb.environment().put("SKIP_BUILD", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String unreachableDatabase() {
        return "postgres://deckhand:" + SECRET + "@127.0.0.1:" + FreePorts.next() + "/deckhand";
    }

    @Test
    void usersListReadsTheLocalStacksServicesFileWhenDatabaseUrlIsUnset() throws Exception {
        servicesEnv(pg.databaseUrl());
        Run run = deckhand(Map.of(), "users", "list");
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains(email);
    }

    @Test
    void aDatabaseUrlInTheEnvironmentWinsOverTheServicesFile() throws Exception {
        servicesEnv(unreachableDatabase());
        Run run = deckhand(Map.of("DATABASE_URL", pg.databaseUrl(), "REDIS_URL", redis.redisUrl()), "users", "list");
        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).contains(email);
    }

    @Test
    void anUnreachableDatabaseExitsThreeNamingDatabaseUrl() throws Exception {
        servicesEnv(unreachableDatabase());
        Run run = deckhand(Map.of(), "users", "list");
        assertThat(run.status()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("DATABASE_URL").doesNotContain(SECRET);
    }
}
