package dev.deckhand.testing;

import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * A real Redis for tests. The shared one gives each test class its own logical database,
 * flushed at class start; {@link RedisExtension#dedicated()} gives a private server that a fault
 * test may stop and start again on the same port.
 */
public final class TestRedis implements AutoCloseable {

    private final String host;
    private final int port;
    private final int database;
    private final RedisServer ownServer;

    TestRedis(String host, int port, int database, RedisServer ownServer) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.ownServer = ownServer;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int database() {
        return database;
    }

    /** redis://host:port/db */
    public String redisUrl() {
        return "redis://" + host + ":" + port + "/" + database;
    }

    /** A new client on this test's database; the caller closes it. */
    public RedisClient client() {
        return RedisClient.create(java.net.URI.create(redisUrl()));
    }

    public void flush() {
        try (RedisClient c = client()) {
            c.flushDB();
        }
    }

    /** Stops a dedicated server (fault tests); the shared server cannot be stopped. */
    public void stop() {
        requireOwn().stop();
    }

    /** Starts a dedicated server again on the same port. */
    public void start() {
        requireOwn().start();
    }

    private RedisServer requireOwn() {
        if (ownServer == null) {
            throw new IllegalStateException("only a dedicated TestRedis can be stopped or started");
        }
        return ownServer;
    }

    @Override
    public void close() {
        if (ownServer != null && ownServer.isActive()) {
            ownServer.stop();
        }
    }
}
