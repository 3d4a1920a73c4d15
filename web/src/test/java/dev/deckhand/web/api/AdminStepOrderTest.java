package dev.deckhand.web.api;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14 defect: two steps added through the admin API without an order both got order 0.
 * A step without an order is appended; an order already taken in the plan is refused (400).
 * Two appends at the same moment both succeed with distinct orders (the plan row is locked while
 * the last order is read): before, both read the same highest order and one failed with a 500 at
 * commit (the deferred unique order).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class AdminStepOrderTest {

    static ApiStack stack;
    static JsonMapper json;
    static String adminToken;
    static TestPostgres postgres;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        postgres = pg;
        stack = ApiStack.start(pg, redis, oauth, Map.of(), false);
        json = stack.web.getBean(JsonMapper.class);
        User admin = stack.web.getBean(UserRepository.class).save(new User(null, "local", "admin-" + UUID.randomUUID(),
                null, "Admin", true, Instant.now()));
        adminToken = stack.web.getBean(Sessions.class).issue(admin, "api", Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static String id(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return String.valueOf(json.readValue(r.body(), Argument.mapOf(String.class, Object.class)).get("id"));
    }

    static String plan() throws Exception {
        String product = id(stack.post("/api/admin/products", adminToken,
                "{\"slug\":\"order-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"title\":\"Order\"}"));
        String version = id(stack.post("/api/admin/products/" + product + "/versions", adminToken, "{\"label\":\"1.0\"}"));
        return id(stack.post("/api/admin/versions/" + version + "/plans", adminToken,
                "{\"slug\":\"install\",\"title\":\"Install\"}"));
    }

    @Test
    void stepsAddedWithoutAnOrderAreAppendedInTurn() throws Exception {
        String plan = plan();
        String step = "{\"name\":\"%s\",\"kind\":\"wait\",\"config\":{\"seconds\":0}}";
        id(stack.post("/api/admin/plans/" + plan + "/steps", adminToken, step.formatted("first")));
        id(stack.post("/api/admin/plans/" + plan + "/steps", adminToken, step.formatted("second")));

        List<Map<String, Object>> steps = json.readValue(stack.get("/api/admin/plans/" + plan + "/steps", adminToken)
                .body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertThat(steps).extracting(s -> s.get("name")).containsExactly("first", "second");
        assertThat(steps).extracting(s -> ((Number) s.get("order")).intValue()).containsExactly(1, 2);
    }

    @Test
    void aSecondStepAtATakenOrderIsRefused() throws Exception {
        String plan = plan();
        String step = "{\"order\":5,\"name\":\"%s\",\"kind\":\"wait\",\"config\":{\"seconds\":0}}";
        id(stack.post("/api/admin/plans/" + plan + "/steps", adminToken, step.formatted("first")));
        HttpResponse<String> second = stack.post("/api/admin/plans/" + plan + "/steps", adminToken,
                step.formatted("second"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(400);
        assertThat(second.body()).contains("order 5");
    }

    /**
     * The race made certain: another session holds the plan row ({@code FOR UPDATE}), which blocks
     * each append's insert (its foreign key check) but not a read of the plan's steps; both appends
     * are sent together and reach that point before the row is released.
     */
    @Test
    void twoConcurrentAppendsBothSucceedWithDistinctOrders() throws Exception {
        String plan = plan();
        String step = "{\"name\":\"%s\",\"kind\":\"wait\",\"config\":{\"seconds\":0}}";
        List<HttpResponse<String>> responses;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection holder = postgres.connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM plans WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, UUID.fromString(plan));
                lock.executeQuery().close();
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (String name : List.of("left", "right")) {
                sent.add(pool.submit(() -> {
                    go.await();
                    return stack.post("/api/admin/plans/" + plan + "/steps", adminToken, step.formatted(name));
                }));
            }
            go.countDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> sessionsWaitingOnLocks() >= 2);
            holder.commit();
            responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : sent) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(201));
        List<Map<String, Object>> steps = json.readValue(stack.get("/api/admin/plans/" + plan + "/steps", adminToken)
                .body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertThat(steps).extracting(s -> s.get("name")).containsExactlyInAnyOrder("left", "right");
        assertThat(steps).extracting(s -> ((Number) s.get("order")).intValue()).containsExactly(1, 2);
    }

    private static int sessionsWaitingOnLocks() throws Exception {
        try (Connection c = postgres.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
