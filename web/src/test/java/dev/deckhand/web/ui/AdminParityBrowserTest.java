package dev.deckhand.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.Product;
import dev.deckhand.catalogue.ProductRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
import dev.deckhand.jobqueue.EnqueueRequest;
import dev.deckhand.jobqueue.JobContext;
import dev.deckhand.jobqueue.JobEnqueuer;
import dev.deckhand.jobqueue.JobFilter;
import dev.deckhand.jobqueue.JobHandler;
import dev.deckhand.jobqueue.JobList;
import dev.deckhand.jobqueue.JobQueueAdmin;
import dev.deckhand.jobqueue.JobSummary;
import dev.deckhand.jobqueue.Queues;
import dev.deckhand.jobqueue.RetryPolicy;
import dev.deckhand.jobqueue.redis.QueueOptions;
import dev.deckhand.jobqueue.worker.QueueWorker;
import dev.deckhand.jobqueue.worker.WorkerConfig;
import dev.deckhand.runs.PlanRunner;
import dev.deckhand.runtime.quartz.QuartzJobStore;
import dev.deckhand.testing.OAuthProviderExtension;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestOAuthProvider;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.CronScheduleBuilder;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import redis.clients.jedis.RedisClient;

/**
 * Issue 15 acceptance for the dashboard, in Chromium against the real web proctype, Redis,
 * PostgreSQL (Quartz tables) and real queue workers (in-process and OS processes): the dead set of
 * 2,000 pages and searches, a job's page shows its attempts with stack traces, a filtered subset
 * is retried; the retrying list pages and searches; an admin cancels a running job from its page
 * (the CSRF-protected form) and it ends cancelled; a run's queue job links to the user's run; a
 * paused queue stops a worker while another flows; a schedule runs now and pauses;
 * worker processes are listed and a killed one disappears; charts come back after a reload.
 * Each test stands alone (run them one at a time).
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminParityBrowserTest {

    /** Fails every attempt for good; one job in four with a quota error, the rest poisoned. */
    static final class Failing implements JobHandler {
        @Override
        public String name() {
            return "test.fail";
        }

        @Override
        public RetryPolicy retryPolicy() {
            return RetryPolicy.NONE;
        }

        @Override
        public void perform(JobContext context) {
            int n = Integer.parseInt(context.args().get("n"));
            if (n % 4 == 0) {
                throw new IllegalStateException("provider quota exceeded for item " + n);
            }
            throw new IllegalArgumentException("poisoned item " + n);
        }
    }

    static final class Ok implements JobHandler {
        @Override
        public String name() {
            return "test.ok";
        }

        @Override
        public void perform(JobContext context) {
        }
    }

    /** Fails every attempt; retries wait an hour, so the jobs stay in the retrying list. */
    static final class Flaky implements JobHandler {
        @Override
        public String name() {
            return "test.flaky";
        }

        @Override
        public RetryPolicy retryPolicy() {
            return new RetryPolicy(5, Duration.ofHours(1), Duration.ofHours(1));
        }

        @Override
        public void perform(JobContext context) {
            int n = Integer.parseInt(context.args().get("n"));
            throw new IllegalStateException(n % 3 == 0 ? "upstream timeout on item " + n : "bad gateway on item " + n);
        }
    }

    /** Works until asked to stop (a long job); records whether a user's cancel stopped it. */
    static final class LongRunning implements JobHandler {
        static final Set<String> cancelledByUser = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "test.long";
        }

        @Override
        public void perform(JobContext context) {
            while (!context.cancelRequested()) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // a unit of work
            }
            if (context.cancelledByUser()) {
                cancelledByUser.add(context.jobId());
            }
            context.throwIfCancelled();
        }
    }

    private WebAppUnderTest app;
    private TestPostgres pg;
    private TestRedis redis;
    private Browser browser;
    private Page page;
    private JobQueueAdmin admin;
    private JobEnqueuer enqueuer;

    @BeforeAll
    void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth, @TempDir Path root) throws Exception {
        this.pg = pg;
        this.redis = redis;
        app = WebAppUnderTest.start(pg, redis, root, AdminSignIn.oauthEnv(oauth));
        browser = Browser.launch();
        admin = app.bean(JobQueueAdmin.class);
        enqueuer = app.bean(JobEnqueuer.class);
        page = browser.newPage();
        AdminSignIn.open(browser, page, app, pg, "/admin");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private QueueWorker worker(Map<String, Integer> queues, JobHandler... handlers) {
        return new QueueWorker(app.bean(RedisClient.class), new WorkerConfig(queues, Duration.ofSeconds(1), 50,
                app.bean(QueueOptions.class)), List.of(handlers)).start();
    }

    @Test
    void twoThousandDeadJobsPageSearchDetailAndFilteredRetry() throws Exception {
        List<EnqueueRequest> jobs = IntStream.range(0, 2000).mapToObj(i ->
                EnqueueRequest.of("test.fail", Map.of("n", Integer.toString(i))).onQueue("bulk")).toList();
        enqueuer.enqueueAll(jobs);
        try (QueueWorker w = worker(Map.of("bulk", 16), new Failing())) {
            await().atMost(Duration.ofMinutes(3)).until(() -> admin.deadCount() >= 2000);
        }
        assertThat(admin.deadCount()).isEqualTo(2000);

        page.navigate(app.url("/admin/jobs/dead"));
        assertThat(page.locator("#page-info").textContent()).contains("50 shown of 2000");
        Set<String> seen = new HashSet<>();
        for (int p = 0; p < 5; p++) {
            List<String> ids = new ArrayList<>();
            Locator pageRows = page.locator("tr.job-row");
            for (int r = 0; r < pageRows.count(); r++) {
                ids.add(pageRows.nth(r).getAttribute("data-job"));
            }
            assertThat(ids).hasSize(50);
            ids.forEach(id -> assertThat(seen.add(id)).as("each job on one page only: " + id).isTrue());
            page.locator("#next-page").click();
        }
        assertThat(page.locator("#first-page").isVisible()).isTrue();

        page.locator("#job-query").fill("QUOTA exceeded");
        page.locator("#job-search button[type=submit]").click();
        assertThat(page.url()).contains("q=QUOTA");
        Locator rows = page.locator("tr.job-row");
        assertThat(rows.count()).isEqualTo(50);
        for (String text : rows.allTextContents()) {
            assertThat(text).contains("provider quota exceeded for item");
        }
        // Errors are on the page in full, not hidden in tooltips.
        assertThat(page.locator("td.error[title]").count()).isZero();
        String firstId = rows.first().getAttribute("data-job");
        page.locator("tr.job-row[data-job='" + firstId + "'] a").click();
        assertThat(page.locator("#job-id").textContent()).isEqualTo(firstId);
        assertThat(page.locator("#job-state").textContent()).isEqualTo("dead");
        assertThat(page.locator("#job-args").textContent()).contains("n");
        assertThat(page.locator("#job-attempts .attempt").count()).isEqualTo(1);
        assertThat(page.locator(".attempt-error").textContent()).contains("IllegalStateException: provider quota exceeded");
        assertThat(page.locator("pre.stack-trace").textContent()).contains("at dev.deckhand.web.ui.AdminParityBrowserTest$Failing.perform");
        Browser.screenshot(page, "admin-job-detail");
        page.goBack();

        page.locator("#bulk-actions button[data-action=retry-all]").click();
        assertThat(page.locator("#flash").textContent()).isEqualTo("Retried 500 jobs matching 'QUOTA exceeded'.");
        assertThat(admin.deadCount()).isEqualTo(1500);
        assertThat(admin.stats("bulk").ready()).isEqualTo(500);
        assertThat(admin.jobs(JobList.DEAD, JobFilter.query("quota"), null, 10).items()).isEmpty();
        List<JobSummary> ready = admin.jobs(JobList.READY, new JobFilter("bulk", null), null, 500).items();
        assertThat(ready).hasSize(500).allSatisfy(s -> assertThat(s.lastError()).contains("quota"));
        assertThat(browser.consoleErrors).isEmpty();
    }

    @Test
    void theRetryingListPagesAndSearches() {
        enqueuer.enqueueAll(IntStream.range(0, 60).mapToObj(i ->
                EnqueueRequest.of("test.flaky", Map.of("n", Integer.toString(i))).onQueue("theta")).toList());
        try (QueueWorker w = worker(Map.of("theta", 8), new Flaky())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.stats("theta").retries() == 60);
        }
        assertThat(admin.stats("theta").scheduled()).as("all 60 waiting for their retry").isEqualTo(60);

        page.navigate(app.url("/admin/jobs/retrying"));
        assertThat(page.locator("h1").textContent()).contains("Retrying jobs");
        assertThat(page.locator("#page-info").textContent()).contains("50 shown").contains("more on the next page");
        Set<String> seen = new HashSet<>();
        for (int expected : new int[] {50, 10}) {
            Locator pageRows = page.locator("tr.job-row");
            assertThat(pageRows.count()).isEqualTo(expected);
            for (int r = 0; r < pageRows.count(); r++) {
                String id = pageRows.nth(r).getAttribute("data-job");
                assertThat(seen.add(id)).as("each job on one page only: " + id).isTrue();
            }
            if (expected == 50) {
                page.locator("#next-page").click();
            }
        }
        assertThat(page.locator("#next-page").count()).as("no page after the last").isZero();
        assertThat(seen).hasSize(60);

        page.locator("#job-query").fill("upstream TIMEOUT");
        page.locator("#job-search button[type=submit]").click();
        assertThat(page.url()).contains("q=upstream");
        Locator rows = page.locator("tr.job-row");
        assertThat(rows.count()).isEqualTo(20);
        for (String text : rows.allTextContents()) {
            assertThat(text).contains("upstream timeout on item").contains("theta");
        }
        assertThat(page.locator("#next-page").count()).isZero();
        assertThat(browser.consoleErrors).isEmpty();
    }

    @Test
    void anAdminCancelsAnInFlightJobFromItsPage() {
        try (QueueWorker w = worker(Map.of("zeta", 1), new LongRunning())) {
            String id = enqueuer.enqueue(EnqueueRequest.of("test.long", Map.of()).onQueue("zeta"));
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.state(id).orElse("").equals("running"));
            page.navigate(app.url("/admin/job/" + id));
            assertThat(page.locator("#job-state").textContent()).isEqualTo("running");

            // The same POST without the page's CSRF token is refused and changes nothing.
            com.microsoft.playwright.APIResponse forged = page.request().post(app.url("/admin/job/" + id + "/cancel"),
                    com.microsoft.playwright.options.RequestOptions.create().setMaxRedirects(0)
                            .setForm(com.microsoft.playwright.options.FormData.create().set("back", "/admin")));
            assertThat(forged.status()).isEqualTo(403);
            assertThat(admin.state(id)).hasValue("running");

            // The page's Cancel button: a form POST with the CSRF token, as the UI sends it.
            page.locator("#job-detail button[data-action=cancel]").click();
            assertThat(page.locator("#flash").textContent()).startsWith("Job " + id + ": cancel");
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.state(id).orElse("").equals("cancelled"));
            assertThat(LongRunning.cancelledByUser).as("the handler stopped for the user's cancel").contains(id);
            page.reload();
            assertThat(page.locator("#job-state").textContent()).isEqualTo("cancelled");
            assertThat(page.locator("#job-detail button[data-action=cancel]").count()).as("nothing left to cancel").isZero();
        }
        assertThat(browser.consoleErrors).isEmpty();
    }

    @Test
    void aRunsQueueJobPageLinksToTheUsersRun() {
        Product product = app.bean(ProductRepository.class).save(new Product(null, "linked", "Linked",
                "One short wait.", null, Instant.now()));
        ProductVersion version = app.bean(ProductVersionRepository.class).save(
                new ProductVersion(null, product.id(), "1.0", true, Instant.now()));
        Plan plan = app.bean(PlanRepository.class).save(new Plan(null, version.id(), "once", "Once", false, Instant.now()));
        app.bean(StepRepository.class).save(new Step(null, plan.id(), 1, "Pause", "wait", "{\"seconds\": 1}", true,
                Instant.now()));
        page.navigate(app.url("/products/linked"));
        page.locator("#plan-once [data-action=start]").click();
        page.waitForURL("**/jobs/*");
        String runPath = URI.create(page.url()).getPath();
        String runId = runPath.substring("/jobs/".length());

        // No worker takes queue default in this class: the run's queue job waits there, ready.
        String queueJob = await().atMost(Duration.ofSeconds(30)).until(() -> admin.jobs(JobList.READY,
                        new JobFilter(Queues.DEFAULT, null), null, 50).items().stream()
                .filter(j -> admin.job(j.id()).map(d -> runId.equals(d.args().get("job_id"))).orElse(false))
                .map(JobSummary::id).findFirst(), java.util.Optional::isPresent).orElseThrow();
        page.navigate(app.url("/admin/jobs/ready?queue=default"));
        page.locator("tr.job-row[data-job='" + queueJob + "'] a").first().click();
        assertThat(page.locator("#job-id").textContent()).isEqualTo(queueJob);
        assertThat(page.locator("#job-type").textContent()).isEqualTo(PlanRunner.NAME);
        Locator link = page.locator("#job-run a");
        assertThat(link.getAttribute("href")).isEqualTo(runPath);
        assertThat(link.textContent()).isEqualTo("run " + runId);
        link.click();
        page.waitForURL("**" + runPath);
        assertThat(page.locator("#steps li").count()).as("the run's own page, with its step").isEqualTo(1);
        assertThat(browser.consoleErrors).isEmpty();
    }

    @Test
    void aPausedQueueStopsItsWorkerWhileTheOtherQueueFlows() {
        page.navigate(app.url("/admin"));
        enqueuer.enqueue(EnqueueRequest.of("test.ok", Map.of()).onQueue("alpha"));
        enqueuer.enqueue(EnqueueRequest.of("test.ok", Map.of()).onQueue("beta"));
        page.navigate(app.url("/admin"));
        page.locator("#queues tr[data-queue='alpha'] button[data-action=pause-queue]").click();
        assertThat(page.locator("#flash").textContent()).contains("Queue alpha paused");
        assertThat(page.locator("#queues tr[data-queue='alpha']").getAttribute("data-paused")).isEqualTo("true");
        try (QueueWorker w = worker(Map.of("alpha", 2, "beta", 2), new Ok())) {
            for (int i = 0; i < 10; i++) {
                enqueuer.enqueue(EnqueueRequest.of("test.ok", Map.of()).onQueue("alpha"));
                enqueuer.enqueue(EnqueueRequest.of("test.ok", Map.of()).onQueue("beta"));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.stats("beta").succeeded() == 11);
            assertThat(admin.stats("alpha").ready()).as("nothing taken from the paused queue").isEqualTo(11);
            assertThat(admin.stats("alpha").succeeded()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    page.locator("#queues tr[data-queue='beta'] td").nth(5).textContent().equals("11"));
            page.locator("#queues tr[data-queue='alpha'] button[data-action=resume-queue]").click();
            assertThat(page.locator("#flash").textContent()).contains("Queue alpha resumed");
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.stats("alpha").succeeded() == 11);
        }
        assertThat(browser.consoleErrors).isEmpty();
    }

    @Test
    void aScheduleRunsNowAndPauses() throws Exception {
        plantSchedule("nightly-report", "test.ok", "gamma");
        page.navigate(app.url("/admin"));
        Locator row = page.locator("#schedules tr[data-schedule='nightly-report']");
        assertThat(row.textContent()).contains("WAITING");
        row.locator("button[data-action=run-now]").click();
        String flash = page.locator("#flash").textContent();
        assertThat(flash).startsWith("Schedule nightly-report run now: job ");
        String jobId = flash.substring(flash.lastIndexOf(' ') + 1, flash.length() - 1);
        assertThat(admin.job(jobId)).hasValueSatisfying(j -> {
            assertThat(j.type()).isEqualTo("test.ok");
            assertThat(j.queue()).isEqualTo("gamma");
            assertThat(j.args()).containsEntry("schedule", "nightly-report");
        });

        page.locator("#schedules tr[data-schedule='nightly-report'] button[data-action=pause]").click();
        assertThat(page.locator("#flash").textContent()).isEqualTo("Schedule nightly-report paused.");
        assertThat(triggerState("nightly-report")).isEqualTo("PAUSED");
        assertThat(page.locator("#schedules tr[data-schedule='nightly-report']").textContent()).contains("PAUSED");
        page.locator("#schedules tr[data-schedule='nightly-report'] button[data-action=resume]").click();
        assertThat(triggerState("nightly-report")).isEqualTo("WAITING");
        assertThat(browser.consoleErrors).isEmpty();
    }

    @Test
    void workerProcessesAreListedAndAKilledOneDisappears() throws Exception {
        List<Process> processes = new ArrayList<>();
        try {
            List<CompletableFuture<String>> ids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ids.add(startWorker(processes, "delta=2"));
            }
            String first = ids.get(0).get(90, TimeUnit.SECONDS);
            String second = ids.get(1).get(90, TimeUnit.SECONDS);
            page.navigate(app.url("/admin"));
            // Both listed (workers of earlier tests in this JVM may still be listed until their entries expire).
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    page.locator("#processes tr.process[data-process='" + first + "']").count() == 1
                            && page.locator("#processes tr.process[data-process='" + second + "']").count() == 1);
            assertThat(page.locator("#processes tr.process[data-process='" + first + "']").textContent()).contains("delta (2)");
            Browser.screenshot(page, "admin-processes");

            processes.get(0).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    page.locator("#processes tr.process[data-process='" + first + "']").count() == 0);
            assertThat(page.locator("#processes tr.process[data-process='" + second + "']").count()).isEqualTo(1);

            page.locator("#processes tr.process[data-process='" + second + "'] button[data-action=quiet]").click();
            await().atMost(Duration.ofSeconds(30)).until(() -> page.locator(
                    "#processes tr.process[data-process='" + second + "']").getAttribute("data-state").startsWith("quiet"));
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        assertThat(browser.consoleErrors).isEmpty();
    }

    @Test
    void chartsShowTheLastMinutesAgainAfterAReload() {
        try (QueueWorker w = worker(Map.of("epsilon", 2), new Ok())) {
            for (int i = 0; i < 20; i++) {
                enqueuer.enqueue(EnqueueRequest.of("test.ok", Map.of()).onQueue("epsilon"));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.stats("epsilon").succeeded() == 20);
        }
        page.navigate(app.url("/admin"));
        Locator line = page.locator("#chart-throughput polyline[data-queue='epsilon']");
        await().atMost(Duration.ofSeconds(20)).until(() -> line.count() == 1);
        assertThat(Integer.parseInt(line.getAttribute("data-points"))).isGreaterThanOrEqualTo(30);
        page.reload();
        // Straight after the reload, from the server's history, not from samples this page collected.
        await().atMost(Duration.ofSeconds(10)).until(() -> line.count() == 1);
        assertThat(Integer.parseInt(line.getAttribute("data-points"))).isGreaterThanOrEqualTo(30);
        assertThat(page.locator("#chart-throughput text.tick").count()).isEqualTo(5);
        assertThat(page.locator("#chart-throughput text.tick").first().textContent()).matches("\\d\\d:\\d\\d");
        assertThat(page.locator("#chart-latency polyline[data-queue='epsilon']").count()).isEqualTo(1);
        Browser.screenshot(page, "admin-charts-after-reload");
        assertThat(browser.consoleErrors).isEmpty();
    }

    /** Starts a worker JVM; completes with its registry id once it printed READY. */
    private CompletableFuture<String> startWorker(List<Process> processes, String queues) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), DashboardWorkerMain.class.getName(), redis.redisUrl(), queues, "3")
                .redirectErrorStream(true).start();
        processes.add(p);
        CompletableFuture<String> ready = new CompletableFuture<>();
        // The last lines it printed, for the failure message when it exits before READY.
        java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        ready.complete(line.substring(6).strip());
                    } else if (!ready.isDone()) {
                        tail.addLast(line);
                        if (tail.size() > 40) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (Exception ignored) {
                // process gone
            }
            ready.completeExceptionally(new IllegalStateException("worker exited before READY; it printed:\n"
                    + String.join("\n", tail)));
        });
        pump.setDaemon(true);
        pump.start();
        return ready;
    }

    /** Stores a schedule in Quartz's JDBC store the way the scheduler's TriggerReconciler does. */
    private void plantSchedule(String name, String type, String queue) throws Exception {
        Scheduler s = QuartzJobStore.controlOnly("deckhand", dev.deckhand.runtime.jdbc.PoolDataSource.of(
                app.bean(DataSource.class), app.bean(io.micronaut.jdbc.DataSourceResolver.class)));
        try {
            s.scheduleJob(JobBuilder.newJob(PlantedJob.class)
                            .withIdentity(name, QuartzJobStore.GROUP).usingJobData(QuartzJobStore.SCHEDULE, name)
                            .usingJobData(QuartzJobStore.TYPE, type).usingJobData(QuartzJobStore.QUEUE, queue).storeDurably().build(),
                    Set.of(TriggerBuilder.newTrigger().withIdentity(name, QuartzJobStore.GROUP).forJob(name, QuartzJobStore.GROUP)
                            .withSchedule(CronScheduleBuilder.cronSchedule("0 0 3 * * ?")).build()), true);
        } finally {
            s.shutdown(false);
        }
    }

    /** Stands in for the scheduler's EnqueueOnFireJob (never fired here: no scheduler runs). */
    public static final class PlantedJob implements org.quartz.Job {
        @Override
        public void execute(org.quartz.JobExecutionContext context) {
        }
    }

    private String triggerState(String name) throws Exception {
        try (Connection c = pg.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT trigger_state FROM qrtz_triggers WHERE trigger_name = '" + name + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
