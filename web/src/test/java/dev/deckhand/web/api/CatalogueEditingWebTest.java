package dev.deckhand.web.api;

import dev.deckhand.accounts.Sessions;
import dev.deckhand.accounts.User;
import dev.deckhand.accounts.UserRepository;
import dev.deckhand.catalogue.CatalogueAdmin;
import dev.deckhand.catalogue.Plan;
import dev.deckhand.catalogue.PlanRepository;
import dev.deckhand.catalogue.Product;
import dev.deckhand.catalogue.ProductRepository;
import dev.deckhand.catalogue.ProductVersion;
import dev.deckhand.catalogue.ProductVersionRepository;
import dev.deckhand.catalogue.Step;
import dev.deckhand.catalogue.StepRepository;
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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 7 (and the image half of item 8) over real HTTP against the real web app, Postgres
 * and Redis: the admin catalogue UI and the admin JSON API edit, reorder, mark optional, list and
 * unlist, preview, upload product images and delete, every change audited through CatalogueAdmin;
 * a delete is refused while a run (a started job or preflight) needs the entry. Admin requests
 * come "from" 10.1.2.3 (inside ADMIN_API_ALLOWED_SUBNETS) through the trusted proxy 127.0.0.1.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class, OAuthProviderExtension.class})
class CatalogueEditingWebTest {

    static final String INSIDE = "10.1.2.3";
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static ApiStack stack;
    static TestPostgres postgres;
    static CatalogueAdmin admin;
    static String session;

    @BeforeAll
    static void start(TestPostgres pg, TestRedis redis, TestOAuthProvider oauth) {
        postgres = pg;
        stack = ApiStack.start(pg, redis, oauth, Map.of("TRUSTED_PROXIES", "127.0.0.1/32",
                "ADMIN_API_ALLOWED_SUBNETS", "10.0.0.0/8"), false);
        admin = stack.web.getBean(CatalogueAdmin.class);
        User user = stack.web.getBean(UserRepository.class).save(new User(null, "local", "admin-" + UUID.randomUUID(),
                null, "Admin", true, Instant.now()));
        session = stack.web.getBean(Sessions.class).issue(user, "api", Duration.ofHours(1));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    // ---- fixtures -------------------------------------------------------------------------

    record Fixture(Product product, ProductVersion version, Plan plan, List<Step> steps) {
    }

    static Fixture fixture(boolean listed, String... stepNames) {
        String slug = "p-" + UUID.randomUUID().toString().substring(0, 8);
        Product product = admin.createProduct(null, slug, "Product " + slug, "Described", null);
        ProductVersion v = admin.createVersion(null, product.id(), "1.0", listed);
        Plan plan = admin.createPlan(null, v.id(), "install", "Install", false);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < stepNames.length; i++) {
            steps.add(admin.createStep(null, plan.id(), i + 1, stepNames[i], "wait", Map.of(), true));
        }
        return new Fixture(product, v, plan, steps);
    }

    static <T> T bean(Class<T> type) {
        return stack.web.getBean(type);
    }

    static List<String> stepNames(UUID planId) {
        return bean(StepRepository.class).findByPlanIdOrderByStepOrder(planId).stream()
                .sorted(Comparator.comparingInt(Step::stepOrder)).map(Step::name).toList();
    }

    static void sql(String statement, Object... params) throws Exception {
        try (Connection c = postgres.connect(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    static UUID anyUser() {
        return bean(UserRepository.class).save(new User(null, "local", "u-" + UUID.randomUUID(), null, "User", false,
                Instant.now())).id();
    }

    static List<String> auditActions(UUID subject) throws Exception {
        List<String> actions = new ArrayList<>();
        try (Connection c = postgres.connect();
             PreparedStatement q = c.prepareStatement("SELECT action FROM audit WHERE subject_id = ? ORDER BY id")) {
            q.setString(1, subject.toString());
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
        }
        return actions;
    }

    // ---- HTTP -----------------------------------------------------------------------------

    record Csrf(String token, String cookie) {
    }

    static Csrf csrf() throws Exception {
        HttpResponse<String> r = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/api/csrf-token")))
                .header("X-Forwarded-For", INSIDE).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return new Csrf(m.group(1), r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]);
    }

    /** A browser form POST (session cookie, CSRF cookie + field, same Origin) from inside the admin networks. */
    static HttpResponse<String> form(String path, String... fields) throws Exception {
        Csrf csrf = csrf();
        StringBuilder body = new StringBuilder("csrf_token=").append(csrf.token());
        for (int i = 0; i < fields.length; i += 2) {
            body.append('&').append(fields[i]).append('=')
                    .append(java.net.URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return stack.http.send(HttpRequest.newBuilder(URI.create(stack.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "__Host-session=" + session + "; " + csrf.cookie())
                .header("Origin", "http://localhost:" + stack.port).header("X-Forwarded-For", INSIDE)
                .header("Accept", BROWSER_ACCEPT)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What catalogue.js sends: multipart with the token in X-CSRF-Token. */
    static HttpResponse<String> upload(UUID productId, String fileName, String contentType, byte[] content) throws Exception {
        Csrf csrf = csrf();
        String boundary = "----deckhand" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return stack.http.send(HttpRequest.newBuilder(URI.create(stack.url("/admin/catalogue/products/" + productId + "/image")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", "__Host-session=" + session + "; " + csrf.cookie())
                .header("X-CSRF-Token", csrf.token())
                .header("Origin", "http://localhost:" + stack.port).header("X-Forwarded-For", INSIDE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> page(String path) throws Exception {
        return stack.http.send(HttpRequest.newBuilder(URI.create(stack.url(path)))
                .header("Cookie", "__Host-session=" + session).header("X-Forwarded-For", INSIDE)
                .header("Accept", BROWSER_ACCEPT).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> api(String method, String path, String json) throws Exception {
        return stack.http.send(HttpRequest.newBuilder(URI.create(stack.url(path)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + session)
                .header("X-Forwarded-For", INSIDE).build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] image(String format) throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        img.setRGB(1, 1, 0x3366cc);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    // ---- tests ----------------------------------------------------------------------------

    @Test
    void theAdminUiEditsProductsVersionsPlansAndSteps() throws Exception {
        Fixture f = fixture(true, "Create", "Verify");
        HttpResponse<String> r = form("/admin/catalogue/products/" + f.product().id(), "slug", f.product().slug(),
                "title", "Renamed <b>product</b>", "description", "New words");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        Product p = bean(ProductRepository.class).findById(f.product().id()).orElseThrow();
        assertThat(p.title()).isEqualTo("Renamed <b>product</b>");
        assertThat(p.description()).isEqualTo("New words");
        assertThat(auditActions(p.id())).containsExactly("product.created", "product.updated");

        r = form("/admin/catalogue/versions/" + f.version().id(), "label", "1.1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        ProductVersion v = bean(ProductVersionRepository.class).findById(f.version().id()).orElseThrow();
        assertThat(v.label()).isEqualTo("1.1");
        assertThat(v.isListed()).as("an unchecked box unlists").isFalse();
        r = form("/admin/catalogue/versions/" + f.version().id() + "/listing", "listed", "true");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(bean(ProductVersionRepository.class).findById(f.version().id()).orElseThrow().isListed()).isTrue();
        assertThat(auditActions(v.id())).containsExactly("version.created", "version.updated", "version.updated");

        r = form("/admin/catalogue/plans/" + f.plan().id(), "slug", "install-all", "title", "Install everything",
                "preflight_required", "on");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        Plan plan = bean(PlanRepository.class).findById(f.plan().id()).orElseThrow();
        assertThat(plan.slug()).isEqualTo("install-all");
        assertThat(plan.preflightRequired()).isTrue();

        Step verify = f.steps().get(1);
        r = form("/admin/catalogue/steps/" + verify.id(), "name", "Check it", "kind", "http",
                "config", "{\"method\":\"GET\",\"path\":\"/v1/things\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        Step edited = bean(StepRepository.class).findById(verify.id()).orElseThrow();
        assertThat(edited.name()).isEqualTo("Check it");
        assertThat(edited.kind()).isEqualTo("http");
        assertThat(edited.stepOrder()).as("an edit keeps the step's place").isEqualTo(verify.stepOrder());
        assertThat(edited.isRequired()).as("unchecked: optional").isFalse();
        r = form("/admin/catalogue/steps/" + verify.id() + "/required", "required", "true");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(bean(StepRepository.class).findById(verify.id()).orElseThrow().isRequired()).isTrue();
        r = form("/admin/catalogue/steps/" + verify.id() + "/required", "required", "false");
        assertThat(bean(StepRepository.class).findById(verify.id()).orElseThrow().isRequired()).isFalse();

        // The same rules as creating: an http step cannot point off the API host.
        r = form("/admin/catalogue/steps/" + verify.id(), "name", "Bad", "kind", "http",
                "config", "{\"path\":\"@attacker.example/x\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(bean(StepRepository.class).findById(verify.id()).orElseThrow().name()).isEqualTo("Check it");

        HttpResponse<String> pageNow = page("/admin/catalogue");
        assertThat(pageNow.statusCode()).isEqualTo(200);
        assertThat(pageNow.body()).contains("Renamed &lt;b&gt;product&lt;/b&gt;").doesNotContain("Renamed <b>");
    }

    @Test
    void stepsAreReorderedWithUpAndDownAndDeletedThroughTheUi() throws Exception {
        Fixture f = fixture(true, "a", "b", "c");
        UUID c = f.steps().get(2).id();
        assertThat(form("/admin/catalogue/steps/" + c + "/move", "direction", "up").statusCode()).isEqualTo(303);
        assertThat(stepNames(f.plan().id())).containsExactly("a", "c", "b");
        assertThat(form("/admin/catalogue/steps/" + c + "/move", "direction", "up").statusCode()).isEqualTo(303);
        assertThat(stepNames(f.plan().id())).containsExactly("c", "a", "b");
        assertThat(form("/admin/catalogue/steps/" + c + "/move", "direction", "up").statusCode())
                .as("the first step up: nothing changes").isEqualTo(303);
        assertThat(stepNames(f.plan().id())).containsExactly("c", "a", "b");
        assertThat(form("/admin/catalogue/steps/" + f.steps().get(0).id() + "/move", "direction", "down").statusCode())
                .isEqualTo(303);
        assertThat(stepNames(f.plan().id())).containsExactly("c", "b", "a");
        assertThat(bean(StepRepository.class).findByPlanIdOrderByStepOrder(f.plan().id()).stream()
                .map(Step::stepOrder).distinct().count()).as("orders stay distinct").isEqualTo(3);
        assertThat(form("/admin/catalogue/steps/" + c + "/move", "direction", "sideways").statusCode()).isEqualTo(422);
        assertThat(auditActions(c)).containsExactly("step.created", "step.moved", "step.moved");

        UUID b = f.steps().get(1).id();
        HttpResponse<String> r = form("/admin/catalogue/steps/" + b + "/delete");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(stepNames(f.plan().id())).containsExactly("c", "a");
        assertThat(auditActions(b)).containsExactly("step.created", "step.deleted");
    }

    @Test
    void deletesAreRefusedWhileARunNeedsTheEntry() throws Exception {
        Fixture f = fixture(true, "only");
        UUID owner = anyUser();
        UUID job = UUID.randomUUID();
        sql("INSERT INTO jobs (id, plan_id, user_id, status) VALUES (?, ?, ?, 'started')", job, f.plan().id(), owner);
        for (String path : new String[] {"/admin/catalogue/plans/" + f.plan().id() + "/delete",
                "/admin/catalogue/steps/" + f.steps().get(0).id() + "/delete",
                "/admin/catalogue/versions/" + f.version().id() + "/delete",
                "/admin/catalogue/products/" + f.product().id() + "/delete"}) {
            HttpResponse<String> r = form(path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(409);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(r.body()).contains("cannot be deleted while a run needs it");
        }
        HttpResponse<String> api = api("DELETE", "/api/admin/plans/" + f.plan().id(), null);
        assertThat(api.statusCode()).isEqualTo(409);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.body()).contains("run needs it");
        assertThat(bean(PlanRepository.class).findById(f.plan().id())).isPresent();
        assertThat(stepNames(f.plan().id())).containsExactly("only");

        // A queued or running preflight counts too.
        sql("UPDATE jobs SET status = 'complete', finished_at = now() WHERE id = ?", job);
        sql("INSERT INTO preflights (plan_id, user_id, status) VALUES (?, ?, 'started')", f.plan().id(), owner);
        assertThat(form("/admin/catalogue/plans/" + f.plan().id() + "/delete").statusCode()).isEqualTo(409);
        sql("UPDATE preflights SET status = 'failed', finished_at = now() WHERE plan_id = ?", f.plan().id());

        HttpResponse<String> r = form("/admin/catalogue/plans/" + f.plan().id() + "/delete");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(bean(PlanRepository.class).findById(f.plan().id())).isEmpty();
        assertThat(auditActions(f.plan().id())).containsExactly("plan.created", "plan.deleted");
        assertThat(form("/admin/catalogue/versions/" + f.version().id() + "/delete").statusCode()).isEqualTo(303);
        assertThat(form("/admin/catalogue/products/" + f.product().id() + "/delete").statusCode()).isEqualTo(303);
        assertThat(bean(ProductRepository.class).findById(f.product().id())).isEmpty();
    }

    @Test
    void thePreviewShowsAPlanAsUsersWillSeeItEvenBeforeItIsListed() throws Exception {
        Fixture f = fixture(false, "Create sandbox", "Seed <data>");
        admin.createStep(null, f.plan().id(), 3, "Extras", "wait", Map.of(), false);
        HttpResponse<String> r = page("/admin/catalogue/plans/" + f.plan().id() + "/preview");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"plan-install\"").contains("Create sandbox").contains("Seed &lt;data&gt;")
                .contains("optional").contains("unlisted").contains(f.product().title());
        assertThat(r.body().indexOf("Create sandbox")).isLessThan(r.body().indexOf("Extras"));
        assertThat(page("/admin/catalogue/plans/" + UUID.randomUUID() + "/preview").statusCode()).isEqualTo(404);
    }

    @Test
    void theAdminApiPatchesMovesAndDeletes() throws Exception {
        Fixture f = fixture(true, "one", "two");
        HttpResponse<String> r = api("PATCH", "/api/admin/steps/" + f.steps().get(1).id(), "{\"required\":false,\"name\":\"Two\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"required\":false").contains("\"name\":\"Two\"").contains("\"kind\":\"wait\"");
        r = api("POST", "/api/admin/steps/" + f.steps().get(1).id() + "/move", "{\"direction\":\"up\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body().indexOf("Two")).isLessThan(r.body().indexOf("one"));
        r = api("POST", "/api/admin/steps/" + f.steps().get(1).id() + "/move", "{\"direction\":\"left\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        r = api("PATCH", "/api/admin/versions/" + f.version().id(), "{\"listed\":false}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(bean(ProductVersionRepository.class).findById(f.version().id()).orElseThrow().isListed()).isFalse();
        r = api("PATCH", "/api/admin/plans/" + f.plan().id(), "{\"title\":\"Retitled\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(bean(PlanRepository.class).findById(f.plan().id()).orElseThrow().title()).isEqualTo("Retitled");
        r = api("PATCH", "/api/admin/products/" + f.product().id(), "{\"slug\":\"Not A Slug\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("slug");
        r = api("PATCH", "/api/admin/steps/" + UUID.randomUUID(), "{\"name\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api("DELETE", "/api/admin/plans/" + f.plan().id(), null).statusCode()).isEqualTo(204);
        assertThat(api("DELETE", "/api/admin/versions/" + f.version().id(), null).statusCode()).isEqualTo(204);
        assertThat(bean(ProductVersionRepository.class).findById(f.version().id())).isEmpty();
    }

    @Test
    void productImagesAreCheckedByTheirBytesAndShownOnTheCards() throws Exception {
        Fixture f = fixture(true, "s");
        HttpResponse<String> r = upload(f.product().id(), "logo.png", "image/png", image("png"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String key = bean(ProductRepository.class).findById(f.product().id()).orElseThrow().imageKey();
        assertThat(key).matches("[0-9a-f]{2}/[0-9a-f]{64}\\.png");
        assertThat(auditActions(f.product().id())).contains("product.image_set");

        HttpResponse<String> home = page("/");
        Matcher img = Pattern.compile("data-slug=\"" + f.product().slug() + "\">\\s*<img class=\"product-image\" src=\"([^\"]+)\"")
                .matcher(home.body());
        assertThat(img.find()).as(home.body()).isTrue();
        HttpResponse<byte[]> served = stack.http.send(HttpRequest.newBuilder(URI.create(stack.url(img.group(1)))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.body()).isEqualTo(image("png"));

        // JPEG is fine too, whatever the browser claims the type is.
        assertThat(upload(f.product().id(), "photo.bin", "application/octet-stream", image("jpg")).statusCode()).isEqualTo(303);
        assertThat(bean(ProductRepository.class).findById(f.product().id()).orElseThrow().imageKey()).endsWith(".jpg");

        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        for (Object[] bad : new Object[][] {{"evil.png", "image/png", svg.getBytes(StandardCharsets.UTF_8)},
                {"evil.svg", "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8)},
                {"page.png", "image/png", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)},
                {"huge.png", "image/png", pad(image("png"), 600 * 1024)}}) {
            r = upload(f.product().id(), (String) bad[0], (String) bad[1], (byte[]) bad[2]);
            assertThat(r.statusCode()).as(bad[0] + ": " + r.body()).isEqualTo(422);
            assertThat(r.body()).containsAnyOf("PNG, JPEG or WebP", "larger than");
        }
        assertThat(bean(ProductRepository.class).findById(f.product().id()).orElseThrow().imageKey()).endsWith(".jpg");
    }

    private static byte[] pad(byte[] png, int size) {
        byte[] out = new byte[size];
        System.arraycopy(png, 0, out, 0, png.length);
        return out;
    }
}
