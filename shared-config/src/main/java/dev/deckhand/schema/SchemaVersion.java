package dev.deckhand.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Flyway schema version such as {@code 1}, {@code 10} or {@code 2.1}, compared numerically part
 * by part (so 10 > 9). {@link #expected()} is the highest {@code V<version>__*.sql} under
 * {@code classpath:db/migration}: the version this release needs; {@link #installed} the version
 * the database is at. Here (not in the migrations module, which brings Flyway) so that every
 * proctype's start-up schema check and the migrations proctype read versions the same way.
 */
public record SchemaVersion(List<Long> parts) implements Comparable<SchemaVersion> {

    public static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    public SchemaVersion {
        parts = List.copyOf(parts);
    }

    /** Parses {@code 10}, {@code 2.1} or {@code 2_1}. */
    public static SchemaVersion parse(String version) {
        return new SchemaVersion(Arrays.stream(version.strip().split("[._]")).map(Long::parseLong).toList());
    }

    /** The highest versioned migration on this class loader's class path. */
    public static SchemaVersion expected() {
        return expected(SchemaVersion.class.getClassLoader())
                .orElseThrow(() -> new IllegalStateException("no V<n>__*.sql under classpath:" + LOCATION));
    }

    public static Optional<SchemaVersion> expected(ClassLoader loader) {
        return fileNames(loader).stream().map(VERSIONED::matcher).filter(Matcher::matches)
                .map(m -> parse(m.group(1))).max(SchemaVersion::compareTo);
    }

    /**
     * The highest successfully applied version in {@code flyway_schema_history}, or empty when the
     * table does not exist or holds no versioned migration.
     */
    public static Optional<SchemaVersion> installed(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet exists = s.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return Optional.empty();
                }
            }
            List<SchemaVersion> versions = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
                while (rs.next()) {
                    versions.add(parse(rs.getString(1)));
                }
            }
            return versions.stream().max(SchemaVersion::compareTo);
        }
    }

    /** File names (not paths) directly under {@link #LOCATION} in every class path root. */
    public static List<String> fileNames(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> roots = loader.getResources(LOCATION);
            for (URL url : Collections.list(roots)) {
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
                            if (n.startsWith(LOCATION + "/") && n.indexOf('/', LOCATION.length() + 1) < 0
                                    && n.length() > LOCATION.length() + 1) {
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

    @Override
    public int compareTo(SchemaVersion o) {
        for (int i = 0; i < Math.max(parts.size(), o.parts.size()); i++) {
            long a = i < parts.size() ? parts.get(i) : 0;
            long b = i < o.parts.size() ? o.parts.get(i) : 0;
            if (a != b) {
                return Long.compare(a, b);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return String.join(".", parts.stream().map(String::valueOf).toList());
    }
}
