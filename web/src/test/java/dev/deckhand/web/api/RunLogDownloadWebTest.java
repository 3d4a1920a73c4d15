package dev.deckhand.web.api;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.runs.Job;
import dev.deckhand.runs.JobRepository;
import dev.deckhand.runs.PlanRunner;
import dev.deckhand.runs.RunLogs;
import dev.deckhand.runs.RunStatus;
import dev.deckhand.storage.Storage;
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

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /jobs/{id}/log.txt} on the real web proctype: a finished job's log is the copy in
 * (private) storage, not the lines in the database, so each test makes the two differ and checks
 * which one is served; without a stored copy, and while the job runs, the lines are the log. Only
 * the job's owner gets it.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class RunLogDownloadWebTest {

    static ApiStack stack;
    static User owner;
    static String ownerSession;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        stack = ApiStack.start(pg, redis, oauth, Map.of(), false);
        owner = user("Owner");
        ownerSession = stack.web.getBean(Sessions.class).issue(owner, "session", Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static User user(String name) {
        return stack.web.getBean(UserRepository.class).save(new User(null, "local", "log-" + UUID.randomUUID(),
                null, name, false, Instant.now()));
    }

    static Job job(String status, String... lines) {
        CatalogueAdmin admin = stack.web.getBean(CatalogueAdmin.class);
        String slug = "log-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = admin.createProduct(null, slug, "Product " + slug, null, null).id();
        UUID version = admin.createVersion(null, product, "1.0", true).id();
        UUID plan = admin.createPlan(null, version, "install", "Install", false).id();
        Job job = stack.web.getBean(JobRepository.class).save(new Job(null, plan, owner.id(), null, null, status, "[]",
                "{}", false, null, Instant.now(), RunStatus.STARTED.equals(status) ? null : Instant.now()));
        for (String line : lines) {
            stack.web.getBean(RunLogs.class).append(job.id(), line);
        }
        return job;
    }

    static void store(Job job, String text) throws Exception {
        stack.web.getBean(Storage.class).putPrivate(PlanRunner.logKey(job.id()), text.getBytes(StandardCharsets.UTF_8),
                "text/plain");
    }

    static HttpResponse<String> download(Job job, String session) throws Exception {
        return stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/jobs/" + job.id() + "/log.txt")))
                .header("Cookie", "__Host-session=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFinishedJobsLogIsTheStoredCopy() throws Exception {
        Job job = job(RunStatus.COMPLETE, "line in the database");
        String stored = "the stored copy, line 1\nthe stored copy, line 2 \u2713\n".repeat(2000);
        store(job, stored);

        HttpResponse<String> r = download(job, ownerSession);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(stored);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain").containsIgnoringCase("charset=utf-8"));
        assertThat(r.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"job-" + job.id() + ".log.txt\"");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void withoutAStoredCopyTheLinesAreTheLog() throws Exception {
        Job job = job(RunStatus.FAILED, "first line", "second line");

        HttpResponse<String> r = download(job, ownerSession);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("first line").contains("second line");
        assertThat(r.body().indexOf("first line")).isLessThan(r.body().indexOf("second line"));
        assertThat(r.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"job-" + job.id() + ".log.txt\"");
    }

    @Test
    void aRunningJobsLogIsItsLinesSoFar() throws Exception {
        Job job = job(RunStatus.STARTED, "still going");
        store(job, "an object left from elsewhere\n");

        HttpResponse<String> r = download(job, ownerSession);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("still going").doesNotContain("left from elsewhere");
    }

    @Test
    void anotherUserGetsNoLog() throws Exception {
        Job job = job(RunStatus.COMPLETE, "private line");
        store(job, "private stored copy\n");
        String other = stack.web.getBean(Sessions.class).issue(user("Other"), "session", Duration.ofHours(1));

        HttpResponse<String> r = download(job, other);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("private");
    }
}
