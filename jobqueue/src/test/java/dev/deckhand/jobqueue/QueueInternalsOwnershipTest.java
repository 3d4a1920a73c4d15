package dev.deckhand.jobqueue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner of the Redis key layout (issue 15 item 3), by reference rather than by spelling
 * ({@link KeyLayoutOwnershipTest} catches literals that are key pieces): no main source outside
 * the jobqueue module uses {@link QueueKeys} or anything of {@code dev.deckhand.jobqueue.redis}
 * (imports, wildcard imports, static imports, fully qualified names), except the uses listed in
 * {@link #ALLOWED}, each with its reason; and no main source or resource outside jobqueue holds a
 * {@code dh:} key or format pattern ({@code "dh:%s"}, {@code "%s:dh:"}, {@code "dh:" + x}).
 * Allow-list entries that are no longer used fail the test too, so the list cannot outlive its
 * reasons.
 */
class QueueInternalsOwnershipTest {

    /**
     * Main-source file (relative to the repository) -> the jobqueue internals it may use. Nothing
     * of web, the proctypes or domain may be here except what does not touch a queue key.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            // The rate limiter's own Lua script on its own keys (deckhand:ratelimit:*, not a queue
            // key) runs through the one EVALSHA-with-NOSCRIPT-reload runner there is.
            "web/src/main/java/dev/deckhand/web/security/RateLimiter.java", Set.of("redis.RedisScript"),
            // The queue benchmark measures the Redis engine itself: it builds the enqueuer and the
            // worker's options, and polls the succeeded counter with a bare GET, which its
            // per-job command counts leave out (JobQueueAdmin.stats would add a script call).
            "bench/src/main/java/dev/deckhand/bench/QueueBench.java",
            Set.of("QueueKeys", "redis.QueueOptions", "redis.RedisJobEnqueuer"),
            "bench/src/main/java/dev/deckhand/bench/BenchWorkerMain.java", Set.of("redis.QueueOptions"),
            // A benchmark tool: reads the Redis server time each job landed at (the job hash's
            // enqueue stamp) on a queue nobody consumes, to measure the scheduler's firing delay.
            "bench/src/main/java/dev/deckhand/bench/system/SchedulerDelays.java", Set.of("QueueKeys"));

    /** {@code dev.deckhand.jobqueue.QueueKeys} or {@code dev.deckhand.jobqueue.redis.X} / {@code .*}. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "\\bdev\\.deckhand\\.jobqueue\\.(QueueKeys\\b|redis\\.(?:[A-Za-z_][A-Za-z0-9_]*|\\*))");
    /** A Java string literal or text block. */
    private static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"",
            Pattern.DOTALL);
    /** {@code dh:} at the start of a key or after a separator or a format placeholder. */
    private static final Pattern DH = Pattern.compile("(?:^|[^A-Za-z0-9_]|%[a-z]|\\{})dh:", Pattern.MULTILINE);

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void noMainSourceOutsideJobqueueUsesTheKeyLayoutOrTheRedisInternals() throws IOException {
        List<String> offenders = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Path file : mainFiles()) {
            if (!file.toString().endsWith(".java")) {
                continue;
            }
            String rel = ROOT.relativize(file).toString().replace('\\', '/');
            Matcher m = QUALIFIED.matcher(withoutComments(read(file)));
            while (m.find()) {
                String symbol = m.group(1);
                if (ALLOWED.getOrDefault(rel, Set.of()).contains(symbol)) {
                    used.add(rel + " " + symbol);
                } else {
                    offenders.add(rel + ": dev.deckhand.jobqueue." + symbol);
                }
            }
        }
        assertThat(offenders).as("jobqueue internals used outside jobqueue (go through JobQueueAdmin / JobEnqueuer)")
                .isEmpty();
        List<String> stale = new ArrayList<>();
        ALLOWED.forEach((file, symbols) -> symbols.stream().map(s -> file + " " + s).filter(e -> !used.contains(e))
                .forEach(stale::add));
        assertThat(stale).as("allow-list entries no longer needed: remove them").isEmpty();
    }

    @Test
    void noMainSourceOrResourceOutsideJobqueueHoldsADhKeyOrFormatPattern() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : mainFiles()) {
            String text = read(file);
            if (text == null) {
                continue; // binary
            }
            String rel = ROOT.relativize(file).toString();
            if (file.toString().endsWith(".java")) {
                Matcher lit = LITERAL.matcher(withoutComments(text));
                while (lit.find()) {
                    String value = lit.group(1) != null ? lit.group(1) : lit.group(2);
                    if (DH.matcher(value).find()) {
                        offenders.add(rel + ": \"" + value.strip() + "\"");
                    }
                }
            } else if (DH.matcher(text).find()) {
                offenders.add(rel);
            }
        }
        assertThat(offenders).as("dh: key patterns outside jobqueue (the layout is QueueKeys + lua/common.lua)")
                .isEmpty();
    }

    /** The patterns catch what they are for (so the scans above cannot pass by matching nothing). */
    @Test
    void thePatternsRecogniseWhatTheyLookFor() {
        assertThat(DH.matcher("dh:%s:ready").find()).isTrue();
        assertThat(DH.matcher("%sdh:events").find()).isTrue();
        assertThat(DH.matcher("prefix {}dh:q").find()).isTrue();
        assertThat(DH.matcher("key=dh:").find()).isTrue();
        assertThat(DH.matcher("width: 3px; bandwidth:1").find()).isFalse();
        Matcher lit = LITERAL.matcher("String k = String.format(\"%s:dh:%s\", a, b);");
        assertThat(lit.find()).isTrue();
        assertThat(lit.group(2)).isEqualTo("%s:dh:%s");
        assertThat(QUALIFIED.matcher("import dev.deckhand.jobqueue.redis.*;").find()).isTrue();
        assertThat(QUALIFIED.matcher("import static dev.deckhand.jobqueue.QueueKeys.DEFAULT;").find()).isTrue();
        assertThat(QUALIFIED.matcher("var k = dev.deckhand.jobqueue.QueueKeys.DEFAULT;").find()).isTrue();
        assertThat(QUALIFIED.matcher("import dev.deckhand.jobqueue.JobQueueAdmin;").find()).isFalse();
        assertThat(QUALIFIED.matcher("import dev.deckhand.jobqueue.QueueKeysDoc;").find()).isFalse();
        assertThat(withoutComments("a /* dev.deckhand.jobqueue.QueueKeys */ b // dh:x\nc")).isEqualTo("a  b \nc");
        assertThat(withoutComments("s = \"/admin/**\"; t = \"http://x\"; c = '\"'; k = \"dh:\";"))
                .isEqualTo("s = \"/admin/**\"; t = \"http://x\"; c = '\"'; k = \"dh:\";");
    }

    /** Every file under src/main of every module of the repository except jobqueue. */
    private static List<Path> mainFiles() throws IOException {
        assertThat(ROOT.resolve("jobqueue").resolve("pom.xml")).as("run from the jobqueue module").exists();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main"))
                    && !m.getFileName().toString().equals("jobqueue")).sorted().toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main"))) {
                    files.filter(Files::isRegularFile).sorted().forEach(out::add);
                }
            }
        }
        assertThat(out).as("main files found").anyMatch(f -> f.toString().endsWith("RateLimiter.java"));
        return out;
    }

    /** Java text without its comments; string, text block and char literals kept as written. */
    static String withoutComments(String java) {
        StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                while (i < n && java.charAt(i) != '\n') {
                    i++;
                }
            } else if (java.startsWith("/*", i)) {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (java.startsWith("\"\"\"", i)) {
                int end = java.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                out.append(java, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && java.charAt(j) != c && java.charAt(j) != '\n') {
                    j += java.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(n, j + 1);
                out.append(java, i, j);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The file's text, or null when it is not UTF-8 text. */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (MalformedInputException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
