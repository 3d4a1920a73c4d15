package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * FORWARDED_HEADER names the one header the trusted proxies write; the other one is whatever the
 * client sent and is ignored (issue 13 item 2, reliability row 34). The test connects from
 * 127.0.0.1, which plays the trusted proxy; admin networks are 10.0.0.0/8.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardedHeaderTest {

    private static final int API_LIMIT = 5;
    private WebTestApp xff;
    private WebTestApp rfc7239;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        Map<String, String> proxied = Map.of("TRUSTED_PROXIES", "127.0.0.1/32", "ADMIN_API_ALLOWED_SUBNETS", "10.0.0.0/8",
                "RATE_LIMIT_API_PER_MINUTE", String.valueOf(API_LIMIT));
        xff = WebTestApp.start(pg, redis, root, proxied);
        java.util.HashMap<String, String> forwarded = new java.util.HashMap<>(proxied);
        forwarded.put("FORWARDED_HEADER", "forwarded");
        rfc7239 = WebTestApp.start(pg, redis, root, forwarded);
    }

    @AfterAll
    void stop() {
        if (xff != null) {
            xff.close();
        }
        if (rfc7239 != null) {
            rfc7239.close();
        }
    }

    @Test
    void aClientSentForwardedHeaderIsIgnoredWhenTheProxiesWriteXForwardedFor() throws Exception {
        RawHttp.Response r = xff.get("/api/admin/step-kinds", "X-Forwarded-For: 203.0.113.9", "Forwarded: for=10.1.2.3");
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(xff.get("/api/whoami", "X-Forwarded-For: 203.0.113.9", "Forwarded: for=10.1.2.3").body())
                .contains("\"ip\":\"203.0.113.9\"");
        // The header the proxies do write is still believed.
        assertThat(xff.get("/api/admin/ping", "X-Forwarded-For: 10.1.2.3").status()).isEqualTo(200);
    }

    @Test
    void aClientSentXForwardedForIsIgnoredWhenTheProxiesWriteForwarded() throws Exception {
        RawHttp.Response r = rfc7239.get("/api/admin/step-kinds", "Forwarded: for=203.0.113.9", "X-Forwarded-For: 10.1.2.3");
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(rfc7239.get("/api/whoami", "Forwarded: for=203.0.113.9", "X-Forwarded-For: 10.1.2.3").body())
                .contains("\"ip\":\"203.0.113.9\"");
        assertThat(rfc7239.get("/api/admin/ping", "Forwarded: for=10.1.2.3").status()).isEqualTo(200);
        // X-Forwarded-Proto is not the proxies' header either in this mode.
        assertThat(rfc7239.get("/api/whoami", "Forwarded: for=203.0.113.9", "X-Forwarded-Proto: https").body())
                .contains("\"scheme\":\"http\"");
    }

    @Test
    void rfc7239ElementsAreWalkedRightToLeftWithIpv6AndTheirProto() throws Exception {
        assertThat(rfc7239.get("/api/whoami", "Forwarded: for=\"[2001:db8::17]:4711\";proto=https").body())
                .contains("\"ip\":\"2001:db8:0:0:0:0:0:17\"").contains("\"scheme\":\"https\"");
        // The client prepended 10.1.2.3; the trusted proxy (127.0.0.1) appended the real peer.
        assertThat(rfc7239.get("/api/admin/ping", "Forwarded: for=10.1.2.3, for=198.51.100.9").status()).isEqualTo(403);
        assertThat(rfc7239.get("/api/whoami", "Forwarded: for=198.51.100.9;proto=https, for=127.0.0.1").body())
                .contains("\"ip\":\"198.51.100.9\"").contains("\"scheme\":\"https\"");
    }

    @Test
    void ipv6ClientsInOneSlash64ShareARateLimitBucket() throws Exception {
        // A fresh /48 per run, so buckets of earlier runs in the same Redis cannot interfere.
        String prefix = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));
        for (int i = 1; i <= API_LIMIT; i++) {
            assertThat(xff.get("/api/whoami", "X-Forwarded-For: " + prefix + ":1::" + i).status()).as("request %d", i)
                    .isEqualTo(200);
        }
        RawHttp.Response sameSlash64 = xff.get("/api/whoami", "X-Forwarded-For: " + prefix + ":1:ffff:ffff:ffff:ffff");
        assertThat(sameSlash64.status()).as("another address in the same /64").isEqualTo(429);
        assertThat(xff.get("/api/whoami", "X-Forwarded-For: " + prefix + ":2::1").status())
                .as("the neighbouring /64").isEqualTo(200);
    }
}
