package dev.deckhand.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The release a process runs: the parent pom's version (its one {@code <revision>} property) and
 * the commit it was built from, written into {@code deckhand/build.properties} at build time.
 * Every proctype shows it: {@code --version}, {@code GET /health}, the admin dashboard. A class
 * path without the filtered file (an IDE run before Maven processed resources) says "unknown"
 * rather than failing.
 *
 * @param version e.g. {@code 1.4.2} or {@code 0.1.0-SNAPSHOT}
 * @param commit  the Git commit, or {@code unknown}
 */
public record BuildInfo(String version, String commit) {

    static final String RESOURCE = "deckhand/build.properties";
    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    /** One line for {@code --version}: {@code deckhand-web 1.4.2 (commit 0a1b2c3)}. */
    public String describe(String proctype) {
        return "deckhand-" + proctype + " " + version + " (commit " + commit + ")";
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new BuildInfo(filtered(p.getProperty("version")), filtered(p.getProperty("commit")));
    }

    /** An unfiltered {@code ${...}} placeholder or a blank means the build did not say. */
    private static String filtered(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.strip();
    }
}
