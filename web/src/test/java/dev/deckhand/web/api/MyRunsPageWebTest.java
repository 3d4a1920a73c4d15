package dev.deckhand.web.api;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.runs.Job;
import dev.deckhand.runs.JobRepository;
import dev.deckhand.runs.RunStatus;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "My runs" ({@code GET /runs}) as HTML on the real web proctype, with more runs than a page: the
 * "Older runs" link leads through every run of the user once, newest first; the status filter
 * keeps to one status across pages; another user's runs (made at the same moments, with the same
 * statuses) never show.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class MyRunsPageWebTest {

    private static final Pattern ROW = Pattern.compile("<tr data-job-id=\"([0-9a-f-]{36})\" data-status=\"([a-z]+)\">");
    private static final Pattern OLDER = Pattern.compile("<a href=\"([^\"]+)\" id=\"runs-older\"");
    private static final int FAILED_RUNS = 23;
    private static final int COMPLETE_RUNS = 4;

    static ApiStack stack;
    static String session;
    /** The user's job ids, newest first, and each one's status. */
    static final Map<UUID, String> mine = new LinkedHashMap<>();
    static final List<UUID> theirs = new ArrayList<>();

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        stack = ApiStack.start(pg, redis, oauth, Map.of(), false);
        User me = user();
        User other = user();
        session = stack.web.getBean(Sessions.class).issue(me, "session", Duration.ofHours(1));
        CatalogueAdmin admin = stack.web.getBean(CatalogueAdmin.class);
        UUID product = admin.createProduct(null, "history", "History", null, null).id();
        UUID plan = admin.createPlan(null, admin.createVersion(null, product, "1.0", true).id(), "install",
                "Install", false).id();
        JobRepository jobs = stack.web.getBean(JobRepository.class);
        Instant now = Instant.now();
        int total = FAILED_RUNS + COMPLETE_RUNS;
        for (int i = 0; i < total; i++) {
            // Newest first: the complete runs are interleaved with the failed ones.
            String status = i % 7 == 3 && i / 7 < COMPLETE_RUNS ? RunStatus.COMPLETE : RunStatus.FAILED;
            Instant at = now.minusSeconds(60L * i);
            mine.put(jobs.save(new Job(null, plan, me.id(), null, null, status, "[]", "{}", false, null, at, at))
                    .id(), status);
            theirs.add(jobs.save(new Job(null, plan, other.id(), null, null, status, "[]", "{}", false, null, at, at))
                    .id());
        }
        assertThat(mine.values().stream().filter(RunStatus.COMPLETE::equals)).hasSize(COMPLETE_RUNS);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static User user() {
        return stack.web.getBean(UserRepository.class).save(new User(null, "local", "runs-" + UUID.randomUUID(),
                null, "Runner", false, Instant.now()));
    }

    static String page(String path) throws Exception {
        HttpResponse<String> r = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url(path)))
                .header("Cookie", "__Host-session=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** Follows "Older runs" from {@code first} to the last page; the rows of all pages, in order. */
    static List<Map.Entry<UUID, String>> allPages(String first, List<String> visited) throws Exception {
        List<Map.Entry<UUID, String>> rows = new ArrayList<>();
        String path = first;
        while (path != null) {
            visited.add(path);
            String html = page(path);
            Matcher m = ROW.matcher(html);
            while (m.find()) {
                rows.add(Map.entry(UUID.fromString(m.group(1)), m.group(2)));
            }
            Matcher older = OLDER.matcher(html);
            path = older.find() ? attribute(older.group(1)) : null;
            assertThat(visited).as("pages visited").hasSizeLessThan(10);
        }
        return rows;
    }

    /** An attribute's value as a browser reads it (the templates escape {@code =} and {@code &}). */
    static String attribute(String escaped) {
        Matcher hex = Pattern.compile("&#x([0-9a-fA-F]+);").matcher(escaped.replace("&amp;", "&#x26;"));
        StringBuilder b = new StringBuilder();
        while (hex.find()) {
            hex.appendReplacement(b, Matcher.quoteReplacement(Character.toString(Integer.parseInt(hex.group(1), 16))));
        }
        return hex.appendTail(b).toString();
    }

    @Test
    void olderRunsLeadsThroughEveryRunOnceNewestFirst() throws Exception {
        List<String> visited = new ArrayList<>();
        List<Map.Entry<UUID, String>> rows = allPages("/runs", visited);

        assertThat(visited).hasSize(2);
        assertThat(visited.get(1)).startsWith("/runs?cursor=");
        assertThat(rows).extracting(Map.Entry::getKey).containsExactlyElementsOf(mine.keySet());
        assertThat(rows).extracting(Map.Entry::getKey).doesNotContainAnyElementsOf(theirs);
        assertThat(page(visited.get(1))).doesNotContain("id=\"runs-older\"");
    }

    @Test
    void theStatusFilterHoldsAcrossPages() throws Exception {
        List<String> visited = new ArrayList<>();
        List<Map.Entry<UUID, String>> failed = allPages("/runs?status=failed", visited);

        assertThat(visited).hasSize(2);
        assertThat(visited.get(1)).contains("status=failed");
        assertThat(failed).extracting(Map.Entry::getKey).containsExactlyElementsOf(
                mine.entrySet().stream().filter(e -> e.getValue().equals(RunStatus.FAILED)).map(Map.Entry::getKey).toList());
        assertThat(failed).extracting(Map.Entry::getValue).containsOnly(RunStatus.FAILED);
        assertThat(page("/runs?status=failed")).contains("<option value=\"failed\" selected>");

        List<Map.Entry<UUID, String>> complete = allPages("/runs?status=complete", new ArrayList<>());
        assertThat(complete).extracting(Map.Entry::getKey).containsExactlyElementsOf(
                mine.entrySet().stream().filter(e -> e.getValue().equals(RunStatus.COMPLETE)).map(Map.Entry::getKey).toList());
        assertThat(complete).extracting(Map.Entry::getKey).doesNotContainAnyElementsOf(theirs);

        assertThat(page("/runs?status=canceled")).contains("No canceled runs.").doesNotContain("data-job-id");
    }

    @Test
    void aStatusOrCursorThePageDoesNotKnowIsABadRequest() throws Exception {
        for (String path : List.of("/runs?status=bogus", "/runs?cursor=not-a-cursor")) {
            HttpResponse<String> r = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url(path)))
                    .header("Cookie", "__Host-session=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).contains("My runs");
        }
    }
}
