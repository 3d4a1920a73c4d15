package dev.deckhand.jobqueue.redis;

import dev.deckhand.jobqueue.DeadJob;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobDetail;
import dev.deckhand.jobqueue.JobFilter;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.jobqueue.Page;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin's listing API against a real Redis: every list pages with a cursor to its end (no
 * entry twice or missed), searches by id, type and error text, bulk retry/discard touch only the
 * filtered jobs, and a job's detail keeps each failed attempt with its stack trace.
 */
@ExtendWith(RedisExtension.class)
class AdminListingTest {

    private static RedisClient redis;
    private QueueStore store;
    private RedisJobEnqueuer enqueuer;
    private RedisQueueAdmin admin;

    @BeforeAll
    static void connect(TestRedis r) {
        redis = dev.deckhand.jobqueue.testsupport.Clients.pooled(r.redisUrl(), 8);
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void setUp() {
        redis.flushDB();
        QueueOptions options = QueueOptions.defaults().withVisibility(Duration.ofSeconds(30));
        store = new QueueStore(redis, options);
        enqueuer = new RedisJobEnqueuer(redis, options, type -> "default");
        admin = new RedisQueueAdmin(redis, options);
    }

    /** Enqueues n jobs and fails each once for good: odd ones with a timeout, even ones with a 500. */
    private List<String> kill(int n, String queue) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(enqueuer.enqueue(EnqueueRequest.of(i % 2 == 0 ? "plan.run" : "mail.send", Map.of("n", "" + i))
                    .onQueue(queue)));
        }
        List<FetchedJob> jobs = new ArrayList<>();
        while (jobs.size() < n) {
            jobs.addAll(store.fetch(queue, 100).jobs());
        }
        for (FetchedJob j : jobs) {
            int i = Integer.parseInt(j.args().get("n"));
            String reason = i % 2 == 1 ? "java.util.concurrent.TimeoutException: step timed out" : "HTTP 500 from provider";
            assertThat(store.fail(j, -1, reason, reason + "\n\tat dev.deckhand.Step.call(Step.java:" + i + ")")).isTrue();
        }
        return ids;
    }

    @Test
    void theDeadSetPagesToItsEndNewestFirstWithoutRepeats() {
        List<String> ids = kill(230, "default");
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<DeadJob> page = admin.dead(JobFilter.ALL, cursor, 50);
            page.items().forEach(d -> assertThat(seen.add(d.id())).as("seen once: " + d.id()).isTrue());
            for (int i = 1; i < page.items().size(); i++) {
                assertThat(page.items().get(i).diedAt()).isBeforeOrEqualTo(page.items().get(i - 1).diedAt());
            }
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(pages).isBetween(5, 6);
        assertThat(admin.dead(JobFilter.ALL, null, 10).items().get(0).stackTrace()).contains("Step.java");
    }

    @Test
    void searchMatchesIdTypeAndErrorText() {
        List<String> ids = kill(60, "default");
        assertThat(all(JobList.DEAD, JobFilter.query("TIMEOUTexception"))).hasSize(30)
                .allSatisfy(s -> assertThat(s.lastError()).contains("TimeoutException"));
        assertThat(all(JobList.DEAD, JobFilter.query("plan.run"))).hasSize(30)
                .allSatisfy(s -> assertThat(s.type()).isEqualTo("plan.run"));
        assertThat(all(JobList.DEAD, JobFilter.query(ids.get(7)))).extracting(JobSummary::id).containsExactly(ids.get(7));
        assertThat(all(JobList.DEAD, new JobFilter("short", null))).isEmpty();
        assertThat(all(JobList.DEAD, JobFilter.query("no such text"))).isEmpty();
    }

    @Test
    void bulkRetryTouchesOnlyTheFilteredJobs() {
        kill(40, "default");
        assertThat(admin.retryAll(JobList.DEAD, JobFilter.query("timeout"))).isEqualTo(20);
        assertThat(admin.deadCount()).isEqualTo(20);
        assertThat(all(JobList.DEAD, JobFilter.ALL)).allSatisfy(s -> assertThat(s.lastError()).contains("HTTP 500"));
        List<JobSummary> ready = all(JobList.READY, JobFilter.ALL);
        assertThat(ready).hasSize(20).allSatisfy(s -> assertThat(s.type()).isEqualTo("mail.send"));
        assertThat(admin.stats("default").ready()).isEqualTo(20);
        assertThat(admin.discardAll(JobList.DEAD, JobFilter.ALL)).isEqualTo(20);
        assertThat(admin.deadCount()).isZero();
        assertThatThrownBy(() -> admin.retryAll(JobList.READY, JobFilter.ALL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retriesAreListedPagedAndRetriedNow() {
        for (int i = 0; i < 30; i++) {
            enqueuer.enqueue(EnqueueRequest.of(i < 10 ? "a" : "b", Map.of()).onQueue(i % 2 == 0 ? "default" : "short"));
        }
        List<FetchedJob> jobs = new ArrayList<>(store.fetch("default", 100).jobs());
        jobs.addAll(store.fetch("short", 100).jobs());
        jobs.forEach(j -> store.fail(j, 3_600_000, "boom " + j.type(), "stack"));
        enqueuer.enqueue(EnqueueRequest.of("later", Map.of()).onQueue("short").in(Duration.ofHours(1)));
        assertThat(pages(JobList.RETRYING, JobFilter.ALL, 7)).hasSize(30);
        assertThat(pages(JobList.SCHEDULED, JobFilter.ALL, 7)).extracting(JobSummary::type).containsExactly("later");
        assertThat(pages(JobList.RETRYING, new JobFilter("short", "boom a"), 2)).hasSize(5);
        assertThat(admin.retryAll(JobList.RETRYING, JobFilter.query("boom a"))).isEqualTo(10);
        assertThat(admin.stats("default").ready() + admin.stats("short").ready()).isEqualTo(10);
        assertThat(pages(JobList.READY, JobFilter.ALL, 3)).hasSize(10);
        assertThat(admin.discardAll(JobList.RETRYING, new JobFilter("default", null))).isEqualTo(10);
        assertThat(pages(JobList.RETRYING, JobFilter.ALL, 50)).hasSize(10);
        store.fetch("default", 100);
        assertThat(pages(JobList.IN_FLIGHT, JobFilter.ALL, 2)).hasSize(5);
    }

    @Test
    void theDetailKeepsEveryFailedAttemptWithItsStackTrace() {
        String id = enqueuer.enqueue(EnqueueRequest.of("plan.run", Map.of("job_id", "j-1")));
        store.fail(store.fetch("default", 1).jobs().get(0), 0, "first failure", "trace one\n\tat A.a(A.java:1)");
        FetchedJob second = store.fetch("default", 1).jobs().get(0);
        store.fail(second, -1, "second failure", "trace two\n\tat B.b(B.java:2)");
        JobDetail d = admin.job(id).orElseThrow();
        assertThat(d.state()).isEqualTo("dead");
        assertThat(d.args()).containsEntry("job_id", "j-1");
        assertThat(d.attempt()).isEqualTo(2);
        assertThat(d.createdAt()).isNotNull();
        assertThat(d.diedAt()).isNotNull();
        assertThat(d.failures()).hasSize(2);
        assertThat(d.failures().get(0).attempt()).isEqualTo(1);
        assertThat(d.failures().get(0).error()).isEqualTo("first failure");
        assertThat(d.failures().get(0).stackTrace()).contains("A.java:1");
        assertThat(d.failures().get(1).stackTrace()).contains("B.java:2");
        assertThat(d.failures().get(1).startedAt()).isNotNull();
        assertThat(admin.job("nope")).isEmpty();
    }

    @Test
    void argumentsThatNameASecretCannotBeEnqueued() {
        assertThatThrownBy(() -> EnqueueRequest.of("t", Map.of("access_token", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("access_token")
                .hasMessageNotContaining("'x'");
        assertThatThrownBy(() -> EnqueueRequest.of("t", Map.of("reason", "a\nb"))).isInstanceOf(IllegalArgumentException.class);
    }

    private List<JobSummary> all(JobList list, JobFilter filter) {
        return pages(list, filter, 25);
    }

    private List<JobSummary> pages(JobList list, JobFilter filter, int limit) {
        List<JobSummary> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String cursor = null;
        do {
            Page<JobSummary> p = admin.jobs(list, filter, cursor, limit);
            p.items().forEach(s -> assertThat(ids.add(s.id())).as("listed once").isTrue());
            out.addAll(p.items());
            cursor = p.nextCursor();
        } while (cursor != null);
        return out;
    }
}
