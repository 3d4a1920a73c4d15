package dev.deckhand.web.api;

import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import dev.deckhand.web.seed.CatalogueSeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack's demo on an empty database: web started with CATALOGUE_SEED_FILE pointing at
 * examples/demo-catalogue.yaml shows the demo product on the public API at once, and the file is
 * not applied again once the catalogue has a product.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class CatalogueSeedTest {

    @Test
    void anEmptyCatalogueGetsTheDemoCatalogueAtStart(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth)
            throws Exception {
        String demo = Path.of("..", "examples", "demo-catalogue.yaml").toAbsolutePath().normalize().toString();
        try (ApiStack stack = ApiStack.start(pg.newDatabase(), redis, oauth, Map.of("CATALOGUE_SEED_FILE", demo),
                false)) {
            HttpResponse<String> products = stack.get("/api/products", null);
            assertThat(products.statusCode()).isEqualTo(200);
            assertThat(products.body()).contains("demo-notebook").contains("Demo notebook");
            HttpResponse<String> product = stack.get("/api/products/demo-notebook", null);
            assertThat(product.body()).as(product.body()).contains("Install the demo notebook");

            assertThat(stack.web.getBean(CatalogueSeed.class).seed(demo)).as("not again: the catalogue has a product")
                    .isFalse();
        }
    }
}
