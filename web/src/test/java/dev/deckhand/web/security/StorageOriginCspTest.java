package dev.deckhand.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Product images are public storage objects. With S3 storage (compose, Helm) the cards' img tags
 * point at the bucket's origin, so the HTML CSP must allow images from there and nowhere else;
 * before this, every product image was blocked by {@code img-src 'self' data:}. Rendering a
 * page makes no S3 call, so the bucket's endpoint here only has to be configured (the S3
 * client is real; domain {@code S3StorageTest} checks {@code publicOrigin} against s3proxy).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class StorageOriginCspTest {

    @Test
    void pagesAllowImagesFromTheS3PublicOriginOnly(TestPostgres pg, TestRedis redis, @TempDir Path root)
            throws Exception {
        String origin = "http://127.0.0.1:9000";
        try (WebTestApp app = WebTestApp.start(pg, redis, root, Map.of("ENABLE_S3_STORAGE", "true",
                "AWS_S3_ENDPOINT", origin, "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "csp-test",
                "AWS_SECRET_ACCESS_KEY", "csp-test-secret", "AWS_BUCKET_NAME", "deckhand"))) {
            // Any HTML page carries the policy; the 404 page needs no database.
            RawHttp.Response page = app.get("/no/such/page", BrowserErrorPagesTest.BROWSER);
            assertThat(page.status()).as(page.body()).isEqualTo(404);
            assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("img-src 'self' data: " + origin + ";")
                    .contains("script-src 'self';"));
        }
    }

    @Test
    void withLocalFilesImagesStaySameOrigin(TestPostgres pg, TestRedis redis, @TempDir Path root) throws Exception {
        try (WebTestApp app = WebTestApp.start(pg, redis, root, Map.of())) {
            assertThat(app.get("/no/such/page", BrowserErrorPagesTest.BROWSER).header("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("img-src 'self' data:;"));
        }
    }
}
