package dev.deckhand.catalogue;

import dev.deckhand.support.DomainContext;
import dev.deckhand.support.MutableClock;
import dev.deckhand.testing.PostgresExtension;
import dev.deckhand.testing.RedisExtension;
import dev.deckhand.testing.TestPostgres;
import dev.deckhand.testing.TestRedis;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Catalogue as code on the real schema: apply is idempotent (a second apply changes nothing),
 * export gives the applied document back, a changed file updates, reorders and deletes steps,
 * bad configs are refused by StepKinds.validate with nothing applied, and a plan with a run in
 * progress keeps its steps.
 */
@ExtendWith({PostgresExtension.class, RedisExtension.class})
class CatalogueCodeTest {

    static ApplicationContext ctx;
    static CatalogueCode code;
    static TestPostgres pg;

    @BeforeAll
    static void start(TestPostgres postgres, TestRedis redis) {
        pg = postgres;
        ctx = DomainContext.start(DomainContext.env(pg, redis, null), new MutableClock());
        code = ctx.getBean(CatalogueCode.class);
    }

    @AfterAll
    static void stop() {
        ctx.close();
    }

    static String doc(String slug, String steps) {
        return """
                products:
                  - slug: %s
                    title: Notes
                    description: A note-taking service
                    versions:
                      - label: "1.0"
                        plans:
                          - slug: install
                            title: Install notes
                            steps:
                %s
                """.formatted(slug, steps.indent(16).stripTrailing());
    }

    static final String THREE_STEPS = """
            - name: Check
              kind: wait
              config: {seconds: 0}
            - name: Create
              kind: http
              config:
                method: POST
                path: /v1/notes
                body: {title: "from {{run_id}}"}
                expected_status: [200, 201]
                preflight: {path: /v1/me}
            - name: Tidy
              kind: wait
              required: false
              config: {seconds: 0.5}
            """;

    /** The applied products of the current catalogue, as a document (other tests' products left out). */
    static CatalogueDocument exported(String... slugs) {
        StringWriter out = new StringWriter();
        code.export(out);
        CatalogueDocument all = CatalogueDocument.read(new StringReader(out.toString()));
        return new CatalogueDocument(all.products().stream().filter(p -> List.of(slugs).contains(p.slug())).toList());
    }

    static CatalogueDocument read(String yaml) {
        return CatalogueDocument.read(new StringReader(yaml));
    }

    static String slug() {
        return "notes-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void applyingTwiceChangesNothingTheSecondTimeAndExportGivesTheDocumentBack() {
        String slug = slug();
        String yaml = doc(slug, THREE_STEPS);

        CatalogueCode.ApplyReport first = code.apply(new StringReader(yaml), "cli");
        assertThat(first.changes()).contains("created product " + slug, "created version " + slug + " 1.0",
                "created step 'Tidy' of " + slug + " 1.0 install");
        CatalogueCode.ApplyReport second = code.apply(new StringReader(yaml), "cli");
        assertThat(second.changes()).as("second apply").isEmpty();

        assertThat(exported(slug)).isEqualTo(read(yaml));
        assertThat(exported(slug).products().get(0).versions().get(0).plans().get(0).steps())
                .extracting(CatalogueDocument.StepDoc::order).containsExactly(1, 2, 3);

        // The exported file applies as a no-op too.
        StringWriter out = new StringWriter();
        code.export(out);
        assertThat(code.apply(new StringReader(out.toString()), "cli").changed()).isFalse();
    }

    @Test
    void aChangedFileUpdatesReordersAndDeletesSteps() {
        String slug = slug();
        code.apply(new StringReader(doc(slug, THREE_STEPS)), "cli");
        String changed = doc(slug, """
                - name: Tidy
                  kind: wait
                  required: false
                  config: {seconds: 0.5}
                - name: Check
                  kind: wait
                  config: {seconds: 1}
                - name: Verify
                  kind: http
                  order: 10
                  config: {path: /v1/notes}
                """);
        CatalogueCode.ApplyReport report = code.apply(new StringReader(changed), "cli");
        assertThat(report.changes()).containsExactlyInAnyOrder(
                "deleted step 'Create' of " + slug + " 1.0 install",
                "updated step 'Tidy' of " + slug + " 1.0 install",
                "updated step 'Check' of " + slug + " 1.0 install",
                "created step 'Verify' of " + slug + " 1.0 install");
        assertThat(exported(slug)).isEqualTo(read(changed));
        assertThat(exported(slug).products().get(0).versions().get(0).plans().get(0).steps())
                .extracting(CatalogueDocument.StepDoc::order).containsExactly(1, 2, 10);
        assertThat(code.apply(new StringReader(changed), "cli").changed()).isFalse();
    }

    @Test
    void anInvalidStepIsRefusedByTheStepKindAndNothingIsApplied() {
        String slug = slug();
        String bad = doc(slug, """
                - name: Fine
                  kind: wait
                - name: Leaks the token
                  kind: http
                  config: {path: "https://attacker.example/x"}
                """);
        assertThatThrownBy(() -> code.apply(new StringReader(bad), "cli"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path must be an absolute path");
        assertThat(exported(slug).products()).as("nothing applied").isEmpty();

        assertThatThrownBy(() -> code.apply(new StringReader(doc(slug, """
                - name: A
                  kind: wait
                  order: 2
                - name: B
                  kind: wait
                  order: 2
                """)), "cli")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps[1]: step 'B' has order 2, as has step 'A'");
        assertThatThrownBy(() -> code.apply(new StringReader("products:\n  - slug: x\n    titel: typo\n"), "cli"))
                .hasMessageContaining("products[0]: unknown key 'titel'");
    }

    @Test
    void stepsOfAPlanWithARunInProgressAreNotChanged() throws Exception {
        String slug = slug();
        String yaml = doc(slug, THREE_STEPS);
        code.apply(new StringReader(yaml), "cli");
        try (var c = pg.connect(); var ps = c.prepareStatement("WITH u AS (INSERT INTO users (issuer, subject) "
                + "VALUES ('test', ?) RETURNING id) INSERT INTO jobs (plan_id, user_id, status) "
                + "SELECT pl.id, u.id, 'started' FROM u, plans pl JOIN versions v ON v.id = pl.version_id "
                + "JOIN products p ON p.id = v.product_id WHERE p.slug = ?")) {
            ps.setString(1, "runner-" + UUID.randomUUID());
            ps.setString(2, slug);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        String withoutCreate = doc(slug, """
                - name: Check
                  kind: wait
                  config: {seconds: 0}
                - name: Tidy
                  kind: wait
                  required: false
                  config: {seconds: 0.5}
                """);
        String retitled = yaml.replace("title: Notes", "title: Better notes");
        assertThatThrownBy(() -> code.apply(new StringReader(withoutCreate.replace("title: Notes",
                "title: Better notes")), "cli"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plan " + slug + " 1.0 install has a run or preflight in progress");
        assertThat(exported(slug)).as("nothing applied, not even the title").isEqualTo(read(yaml));

        assertThat(code.apply(new StringReader(retitled), "cli").changes())
                .as("a change that leaves the steps alone is fine").containsExactly("updated product " + slug);
    }

    @Test
    void theDemoCatalogueInExamplesIsValid() throws Exception {
        Path demo = Path.of("..", "examples", "demo-catalogue.yaml");
        String yaml = Files.readString(demo);
        CatalogueDocument doc = read(yaml);
        List<String> slugs = doc.products().stream().map(CatalogueDocument.ProductDoc::slug).toList();
        if (exported(slugs.toArray(String[]::new)).products().isEmpty()) {
            code.apply(new StringReader(yaml), "cli");
        }
        assertThat(exported(slugs.toArray(String[]::new))).isEqualTo(doc);
        List<CatalogueDocument.StepDoc> steps = doc.products().get(0).versions().get(0).plans().get(0).steps();
        assertThat(steps).extracting(CatalogueDocument.StepDoc::kind).contains("http");
        assertThat(steps).anyMatch(s -> !s.required());
        assertThat(steps).anyMatch(s -> s.config().containsKey("preflight"));
    }
}
