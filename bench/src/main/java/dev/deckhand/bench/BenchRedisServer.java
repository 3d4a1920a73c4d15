package dev.deckhand.bench;

import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

/**
 * One Redis (the embedded 7.x binary the tests use, {@code save ""}, {@code appendonly no}) for
 * scripts that run several clients against the SAME server, e.g. bench/bullmq-side-by-side.sh.
 * Prints {@code REDIS redis://127.0.0.1:PORT VERSION} once it answers; stops the server on SIGTERM.
 */
public final class BenchRedisServer {

    private BenchRedisServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisServer server = RedisServer.builder().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }));
        String url = "redis://127.0.0.1:" + port;
        try (RedisClient c = BenchRedis.client(url, 1)) {
            String version = c.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring(14).trim()).findFirst().orElse("?");
            System.out.println("REDIS " + url + " " + version);
        }
        System.out.flush();
        stopped.await();
    }
}
