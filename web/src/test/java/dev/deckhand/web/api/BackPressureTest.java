package dev.deckhand.web.api;

import dev.deckhand.accounts.ConnectedAccount;
import dev.deckhand.accounts.ConnectedAccountRepository;
import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A queue deeper than MAX_QUEUE_LENGTH answers 503 with Retry-After, and no job row is left started. */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class BackPressureTest {

    static ApiStack stack;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        stack = ApiStack.start(pg, redis, oauth, Map.of("MAX_QUEUE_LENGTH", "1"), false);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aFullQueueAnswers503WithRetryAfter() throws Exception {
        User user = stack.web.getBean(UserRepository.class).save(new User(null, "local", "u-" + UUID.randomUUID(),
                null, null, false, Instant.now()));
        String token = stack.web.getBean(Sessions.class).issue(user, "api", Duration.ofHours(1));
        stack.web.getBean(ConnectedAccountRepository.class).save(new ConnectedAccount(UUID.randomUUID(), user.id(),
                "local", "s", "u", null, null, null, null, ConnectedAccount.ACTIVE, Instant.now(), Instant.now(), 0, null));
        CatalogueAdmin admin = stack.web.getBean(CatalogueAdmin.class);
        var product = admin.createProduct(null, "busy", "Busy", null, null);
        var plan = admin.createPlan(null, admin.createVersion(null, product.id(), "1", true).id(), "p", "P", false);
        JobEnqueuer queue = stack.web.getBean(JobEnqueuer.class);
        for (int i = 0; i < 2; i++) {
            queue.enqueue(EnqueueRequest.of("plan.run", Map.of("job_id", UUID.randomUUID().toString()))
                    .onQueue("default").at(Instant.now().plus(Duration.ofHours(1))));
        }
        HttpResponse<String> r = stack.post("/api/plans/" + plan.id() + "/jobs", token, "{}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("30");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(stack.get("/api/jobs", token).body()).isEqualTo("[]");
    }
}
