package dev.deckhand.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server from the machine's Debian packages ({@code /usr/lib/postgresql/<major>/bin},
 * package {@code postgresql}, which .ci/run installs), for tests that need the client tools
 * ({@code pg_dump}, {@code pg_restore}, {@code psql}) of the same major as the server: the backup
 * and restore drill. The JVM-wide server of {@link PostgresExtension} (zonky's PostgreSQL 16)
 * ships no client tools, and Debian 12's pg_dump 15 refuses to dump a 16 server.
 *
 * <p>Started on a free loopback port in a temporary directory; {@link #close()} stops it and
 * deletes the directory. As root, initdb and postgres run in a fresh user namespace
 * ({@code unshare -U}), as zonky does, because PostgreSQL refuses to run as root.
 */
public final class DebianPostgres implements AutoCloseable {

    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final List<String> TOOLS = List.of("initdb", "postgres", "pg_dump", "pg_restore", "psql");

    private final Path bin;
    private final Path dir;
    private final Process server;
    private final TestPostgres admin;

    private DebianPostgres(Path bin, Path dir, Process server, TestPostgres admin) {
        this.bin = bin;
        this.dir = dir;
        this.server = server;
        this.admin = admin;
    }

    /** The newest installed major with every tool, or empty when Debian's postgresql is not installed. */
    public static Optional<Path> binaries() {
        if (!Files.isDirectory(INSTALLATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> majors = Files.list(INSTALLATIONS)) {
            return majors.map(m -> m.resolve("bin"))
                    .filter(b -> TOOLS.stream().allMatch(t -> Files.isExecutable(b.resolve(t))))
                    .max(Comparator.comparingInt(b -> majorOf(b)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DebianPostgres start() {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server and client binaries not found under " + INSTALLATIONS
                        + ": apt-get install postgresql (.ci/run installs it)"));
        try {
            Path dir = Files.createTempDirectory("deckhand-debian-pg");
            Path data = dir.resolve("data");
            List<String> prefix = isRoot() ? List.of("unshare", "-U") : List.of();
            Path log = dir.resolve("initdb.log");
            Process initdb = new ProcessBuilder(command(prefix, bin.resolve("initdb").toString(), "-D", data.toString(),
                    "-U", "postgres", "-A", "trust", "-E", "UTF-8", "--no-sync"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
                throw new IllegalStateException("initdb failed: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            int port = FreePorts.next();
            Process server = new ProcessBuilder(command(prefix, bin.resolve("postgres").toString(), "-D", data.toString(),
                    "-p", String.valueOf(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                    "-c", "fsync=off", "-c", "synchronous_commit=off"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("postgres.log").toFile()).start();
            TestPostgres admin = new TestPostgres("127.0.0.1", port, "postgres", "postgres", "postgres");
            DebianPostgres pg = new DebianPostgres(bin, dir, server, admin);
            pg.awaitConnections();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A brand-new empty database on this server, as the superuser. */
    public TestPostgres newDatabase() {
        return admin.newDatabase();
    }

    /** The maintenance database ({@code postgres}), for CREATE/DROP DATABASE. */
    public TestPostgres admin() {
        return admin;
    }

    /** Path of a client tool of the server's major, e.g. {@code tool("pg_dump")}. */
    public Path tool(String name) {
        return bin.resolve(name);
    }

    public int major() {
        return majorOf(bin);
    }

    private void awaitConnections() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("postgres exited: " + log());
            }
            try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            // Polling a server that is starting: infrastructure code, not a test assertion.
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("postgres did not accept connections within 60 s: " + log(), last);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("postgres.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        server.destroy();
        try {
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    private static List<String> command(List<String> prefix, String... args) {
        List<String> c = new ArrayList<>(prefix);
        c.addAll(List.of(args));
        return c;
    }

    private static int majorOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
