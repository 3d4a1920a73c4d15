package dev.deckhand.mail;

import io.jstach.jstache.JStache;
import io.jstach.jstache.JStacheConfig;
import io.jstach.jstachio.escapers.PlainText;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jstachio-apt checks each template against its record, but not that a mail kind has all three
 * parts, that the subject and text are plain text rather than HTML-escaped, or that no template
 * under {@code deckhand/mail/} is left unused (a file edited to no effect). This walks every
 * {@link Mail} kind and the template folder.
 */
class EveryMailHasItsTemplatesTest {

    @Test
    void everyMailKindHasASubjectTextAndHtmlTemplateAndEveryTemplateBelongsToAKind() throws Exception {
        Set<String> bound = new TreeSet<>();
        List<String> kinds = new ArrayList<>();
        for (Class<?> kind : Mail.class.getPermittedSubclasses()) {
            String base = (String) kind.getField("KIND").get(null);
            kinds.add(base);
            List<String> paths = new ArrayList<>();
            for (Class<?> part : kind.getDeclaredClasses()) {
                JStache template = part.getAnnotation(JStache.class);
                if (template == null) {
                    continue;
                }
                paths.add(template.path());
                JStacheConfig config = part.getAnnotation(JStacheConfig.class);
                boolean plainText = config != null && config.contentType() == PlainText.class;
                assertThat(plainText).as(template.path() + " is plain text unless it is the HTML body")
                        .isEqualTo(!template.path().endsWith(".html"));
                assertThat(Class.forName(kind.getPackageName() + "." + template.name()))
                        .as("generated renderer of " + template.path()).isNotNull();
            }
            assertThat(paths).as(kind.getSimpleName())
                    .containsExactlyInAnyOrder(base + ".subject.txt", base + ".txt", base + ".html");
            bound.addAll(paths);
        }
        assertThat(kinds).doesNotHaveDuplicates().hasSize(3);

        URL folder = Mail.class.getClassLoader().getResource("deckhand/mail");
        assertThat(folder).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(bound);
        }
    }
}
