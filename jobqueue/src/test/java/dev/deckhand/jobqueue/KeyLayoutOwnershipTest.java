package dev.deckhand.jobqueue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One owner of the Redis key layout (issue 15 item 3): no Java source outside the jobqueue module
 * (main or test code of any other module of the reactor) spells a queue key; they go through
 * JobQueueAdmin, or, for test fault injection and benchmarks, QueueKeys. Uses of QueueKeys and of
 * the redis package, and dh: patterns anywhere in a literal: {@link QueueInternalsOwnershipTest}.
 */
class KeyLayoutOwnershipTest {

    /** String literals that are pieces of queue keys: the prefix and the per-queue/per-job parts. */
    private static final Pattern KEY_LITERAL = Pattern.compile(
            "\"(dh:[^\"]*|q:[^\"]*|:ready|:inflight|:scheduled|:finished|:notify|:stat:[^\"]*)\"");

    @Test
    void noSourceOutsideJobqueueSpellsAQueueKey() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("jobqueue").resolve("pom.xml")).as("run from the jobqueue module").exists();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src"))
                    && !m.getFileName().toString().equals("jobqueue")).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src"))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> scan(root, f, offenders));
                }
            }
        }
        assertThat(offenders).as("queue keys spelled outside jobqueue (use JobQueueAdmin or QueueKeys)").isEmpty();
    }

    private static void scan(Path root, Path file, List<String> offenders) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = KEY_LITERAL.matcher(lines.get(i));
                if (m.find()) {
                    offenders.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
