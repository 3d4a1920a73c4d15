package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * True client IP and the admin subnet rule. Tests connect from 127.0.0.1; "behind a trusted
 * proxy" is simulated with TRUSTED_PROXIES=127.0.0.1/32, "untrusted peer" with an unrelated range.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAddressAndAdminTest {

    private static final String ADMIN_SUBNETS = "203.0.113.0/24,2001:db8::/32";

    private WebTestApp untrusted;
    private WebTestApp trusted;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, @TempDir Path root) {
        untrusted = WebTestApp.start(pg, redis, root, Map.of("TRUSTED_PROXIES", "10.9.9.0/24",
                "ADMIN_API_ALLOWED_SUBNETS", ADMIN_SUBNETS));
        trusted = WebTestApp.start(pg, redis, root, Map.of("TRUSTED_PROXIES", "127.0.0.1/32,10.0.0.0/8",
                "ADMIN_API_ALLOWED_SUBNETS", ADMIN_SUBNETS));
    }

    @AfterAll
    void stop() {
        if (untrusted != null) {
            untrusted.close();
        }
        if (trusted != null) {
            trusted.close();
        }
    }

    @Test
    void spoofedForwardedForFromAnUntrustedPeerIsIgnoredAndAdminIsRefused() throws Exception {
        RawHttp.Response r = untrusted.get("/api/admin/ping", "X-Forwarded-For: 203.0.113.5");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("\"status\":403").doesNotContain("203.0.113.5");
        assertThat(untrusted.get("/api/whoami", "X-Forwarded-For: 203.0.113.5").body())
                .contains("\"ip\":\"127.0.0.1\"");
    }

    @Test
    void theSameForwardedForFromATrustedProxyIsHonoured() throws Exception {
        RawHttp.Response r = trusted.get("/api/admin/ping", "X-Forwarded-For: 203.0.113.5");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void forwardedForIsWalkedRightToLeftSoAPrependedValueCannotSpoof() throws Exception {
        // The client claimed 203.0.113.5; the trusted proxy appended the real peer 198.51.100.7.
        assertThat(trusted.get("/api/admin/ping", "X-Forwarded-For: 203.0.113.5, 198.51.100.7").status())
                .isEqualTo(403);
        // Trusted hops (10.x) are skipped; the first untrusted address from the right is the client.
        assertThat(trusted.get("/api/whoami", "X-Forwarded-For: 198.51.100.7, 203.0.113.5, 10.1.2.3").body())
                .contains("\"ip\":\"203.0.113.5\"");
        // Split over several header lines counts as one list.
        assertThat(trusted.get("/api/whoami", "X-Forwarded-For: 198.51.100.7", "X-Forwarded-For: 10.1.2.3").body())
                .contains("\"ip\":\"198.51.100.7\"");
    }

    /** FORWARDED_HEADER defaults to x-forwarded-for: a Forwarded header is the client's own (see ForwardedHeaderTest). */
    @Test
    void rfc7239ForwardedIsIgnoredUnlessForwardedHeaderSaysTheProxiesWriteIt() throws Exception {
        assertThat(trusted.get("/api/admin/ping", "Forwarded: for=\"[2001:db8::17]:4711\";proto=https").status())
                .isEqualTo(403);
        assertThat(untrusted.get("/api/admin/ping", "Forwarded: for=\"[2001:db8::17]\"").status()).isEqualTo(403);
        assertThat(trusted.get("/api/whoami", "Forwarded: for=198.51.100.9;proto=https").body())
                .contains("\"ip\":\"127.0.0.1\"").contains("\"scheme\":\"http\"");
    }

    @Test
    void aTrustedProxyWithoutForwardingHeadersIsItselfTheClient() throws Exception {
        assertThat(trusted.get("/api/admin/ping").status()).isEqualTo(403);
        assertThat(trusted.get("/api/whoami", "X-Forwarded-For: not-an-ip").body()).contains("\"ip\":\"127.0.0.1\"");
    }

    @Test
    void pathTricksAndAnnotatedRoutesAreStillAdmin() throws Exception {
        for (String path : new String[] {"//api//admin/ping", "/api/admin/./ping", "/API/Admin/ping",
                "/api/%61dmin/ping", "/admin/does-not-exist", "/internal/tools"}) {
            assertThat(untrusted.get(path, "X-Forwarded-For: 203.0.113.5").status()).as(path).isEqualTo(403);
        }
        assertThat(trusted.get("/internal/tools", "X-Forwarded-For: 203.0.113.5").status()).isEqualTo(200);
        // From an allowed network the request passes the subnet rule (whatever the admin UI answers).
        assertThat(trusted.get("/admin/does-not-exist", "X-Forwarded-For: 203.0.113.5").status()).isNotEqualTo(403);
    }

    @Test
    void hstsOnlyWhenHttpsPerTrustedProxy() throws Exception {
        assertThat(trusted.get("/api/whoami", "X-Forwarded-Proto: https").header("Strict-Transport-Security"))
                .hasValue("max-age=31536000; includeSubDomains");
        assertThat(trusted.get("/api/whoami").header("Strict-Transport-Security")).isEmpty();
        assertThat(untrusted.get("/api/whoami", "X-Forwarded-Proto: https").header("Strict-Transport-Security"))
                .isEmpty();
    }
}
