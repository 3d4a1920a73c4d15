package dev.deckhand.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import redis.embedded.RedisServer;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives a test class a real Redis: {@code TEST_REDIS_URL} if set, else Testcontainers redis:7
 * when Docker runs, else the embedded Redis 7 binary. One server per JVM; each class gets its
 * own logical database (1-15, cycled), flushed before the class runs.
 */
public final class RedisExtension implements BeforeAllCallback, ParameterResolver {

    private static String host;
    private static Integer port;
    private static final AtomicInteger NEXT_DB = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        forClass(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        return forClass(context);
    }

    private static TestRedis forClass(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(RedisExtension.class, context.getRequiredTestClass()))
                .getOrComputeIfAbsent("redis", k -> {
                    ensureServer();
                    TestRedis r = new TestRedis(host, port, 1 + NEXT_DB.getAndIncrement() % 15, null);
                    r.flush();
                    return r;
                }, TestRedis.class);
    }

    /** A private Redis server (embedded binary) that the test may stop and restart. */
    public static TestRedis dedicated() {
        int p = FreePorts.next();
        RedisServer server = RedisServer.builder().port(p).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        return new TestRedis("127.0.0.1", p, 0, server);
    }

    private static synchronized void ensureServer() {
        if (port != null) {
            return;
        }
        String url = System.getenv("TEST_REDIS_URL");
        if (url != null && !url.isBlank()) {
            URI u = URI.create(url);
            host = u.getHost();
            port = u.getPort() == -1 ? 6379 : u.getPort();
            return;
        }
        if (DockerAvailability.available()) {
            var c = new org.testcontainers.containers.GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            c.start();
            host = c.getHost();
            port = c.getMappedPort(6379);
            return;
        }
        int p = FreePorts.next();
        RedisServer server = RedisServer.builder().port(p).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-redis-stop"));
        host = "127.0.0.1";
        port = p;
    }
}
