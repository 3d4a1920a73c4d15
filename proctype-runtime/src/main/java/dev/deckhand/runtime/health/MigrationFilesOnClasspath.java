package dev.deckhand.runtime.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versions of the Flyway migrations ({@code V<version>__*.sql}) under {@code classpath:db/migration},
 * read from directories and jars alike (tests, {@code java -jar} shaded jars). Mirrors
 * {@code dev.deckhand.migrations.SchemaVersion}, which this module must not depend on (it would pull
 * Flyway into every proctype).
 */
final class MigrationFilesOnClasspath {

    static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    private MigrationFilesOnClasspath() {
    }

    static Optional<List<Long>> highestVersion(ClassLoader loader) {
        return fileNames(loader).stream().map(VERSIONED::matcher).filter(Matcher::matches)
                .map(m -> parse(m.group(1))).max(MigrationFilesOnClasspath::compare);
    }

    static List<Long> parse(String version) {
        return Arrays.stream(version.strip().split("[._]")).map(Long::parseLong).toList();
    }

    static int compare(List<Long> a, List<Long> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            long x = i < a.size() ? a.get(i) : 0;
            long y = i < b.size() ? b.get(i) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    static String format(List<Long> version) {
        return String.join(".", version.stream().map(String::valueOf).toList());
    }

    private static List<String> fileNames(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(LOCATION))) {
                if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.forEach(f -> names.add(f.getFileName().toString()));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        for (JarEntry e : Collections.list(jar.entries())) {
                            String n = e.getName();
                            if (n.startsWith(LOCATION + "/") && n.length() > LOCATION.length() + 1
                                    && n.indexOf('/', LOCATION.length() + 1) < 0) {
                                names.add(n.substring(LOCATION.length() + 1));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list classpath:" + LOCATION, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list classpath:" + LOCATION, e);
        }
        return names;
    }
}
