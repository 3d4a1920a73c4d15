package dev.deckhand.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** Each extension hands out a working, isolated, real service. */
@ExtendWith({PostgresExtension.class, RedisExtension.class, S3Extension.class, OAuthProviderExtension.class})
class BackingServicesSmokeTest {

    @Test
    void postgresIsRealAndMajorVersion16(TestPostgres pg) throws Exception {
        try (Connection c = pg.connect(); ResultSet rs = c.createStatement().executeQuery("SHOW server_version")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("16.");
        }
        TestPostgres other = pg.newDatabase();
        assertThat(other.database()).isNotEqualTo(pg.database());
    }

    @Test
    void redisIsRealAndVersion7(TestRedis redis) {
        try (RedisClient c = redis.client()) {
            c.set("k", "v");
            assertThat(c.get("k")).isEqualTo("v");
            assertThat(c.info("server")).contains("redis_version:7.");
        }
    }

    @Test
    void dedicatedRedisCanBeStoppedAndStartedOnTheSamePort() {
        try (TestRedis r = RedisExtension.dedicated()) {
            r.stop();
            r.start();
            try (RedisClient c = r.client()) {
                assertThat(c.ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void s3RejectsUnsignedAndBadlySignedWrites(TestS3 s3) throws Exception {
        URI object = URI.create(s3.endpoint() + "/" + s3.bucket() + "/x");
        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(object)
                .PUT(HttpRequest.BodyPublishers.ofString("data")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(object)
                .header("Authorization", "AWS " + s3.accessKey() + ":bm90LWEtcmVhbC1zaWduYXR1cmU=")
                .header("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)))
                .PUT(HttpRequest.BodyPublishers.ofString("data")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void oauthProviderPublishesDiscoveryWithRevocation(TestOAuthProvider oauth) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(oauth.issuerUrl() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("token_endpoint").contains("revocation_endpoint");
    }
}
