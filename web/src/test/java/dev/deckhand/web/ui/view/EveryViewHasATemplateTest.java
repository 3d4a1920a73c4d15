package dev.deckhand.web.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * jstachio-apt checks every {@code @JStache} record against its template, but a {@link View}
 * without {@code @JStache} would compile and fail only when rendered (a 500). This finds every
 * View class of the UI and requires its generated renderer.
 */
class EveryViewHasATemplateTest {

    @Test
    void everyViewRecordHasAGeneratedRenderer() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(View.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> views = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/deckhand/web/ui"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, View.class.getClassLoader());
                if (type.isInterface() || !View.class.isAssignableFrom(type)) {
                    continue;
                }
                views.add(type.getName());
                try {
                    Class.forName(type.getPackageName() + "." + type.getSimpleName() + "Renderer", false,
                            View.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    missing.add(type.getName());
                }
            }
        }
        assertThat(views).contains(Layout.class.getName(), MessagePage.class.getName());
        assertThat(missing).as("View classes without @JStache (no generated renderer)").isEmpty();
    }
}
