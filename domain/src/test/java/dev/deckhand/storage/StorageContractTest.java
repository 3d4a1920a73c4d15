package dev.deckhand.storage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every Storage backend must have; run against local files and against S3. */
abstract class StorageContractTest {

    abstract Storage storage();

    /** Fetches a presigned URL the way a browser would; returns the body or null when refused. */
    abstract byte[] fetchPresigned(URI url) throws Exception;

    /** The same URL with its signature altered. */
    static URI tamper(URI url) {
        String s = url.toString();
        int i = s.lastIndexOf("ignature=") + "ignature=".length();
        char c = s.charAt(i);
        return URI.create(s.substring(0, i) + (c == 'A' ? 'B' : 'A') + s.substring(i + 1));
    }

    @Test
    void publicNamesAreContentHashesAndIdempotent() throws IOException {
        byte[] png = "fake png bytes".getBytes(StandardCharsets.UTF_8);
        String key = storage().putPublic(png, "png", "image/png");
        assertThat(key).isEqualTo(ContentHashNames.nameFor(png, "png")).endsWith(".png");
        assertThat(storage().putPublic(png, "png", "image/png")).isEqualTo(key);
        assertThat(storage().putPublic("other".getBytes(), "png", "image/png")).isNotEqualTo(key);
        assertThat(storage().read(Visibility.PUBLIC, key)).isEqualTo(png);
        assertThat(storage().publicUrl(key).toString()).endsWith("public/" + key);
    }

    @Test
    void privateObjectsRoundTripAndAreSeparateFromPublic() throws IOException {
        storage().putPrivate("jobs/j1/log.txt", "line 1\n".getBytes(), "text/plain");
        assertThat(storage().exists(Visibility.PRIVATE, "jobs/j1/log.txt")).isTrue();
        assertThat(storage().exists(Visibility.PUBLIC, "jobs/j1/log.txt")).isFalse();
        storage().putPrivate("jobs/j1/log.txt", "line 2\n".getBytes(), "text/plain");
        assertThat(new String(storage().read(Visibility.PRIVATE, "jobs/j1/log.txt"))).isEqualTo("line 2\n");
        storage().delete(Visibility.PRIVATE, "jobs/j1/log.txt");
        assertThat(storage().exists(Visibility.PRIVATE, "jobs/j1/log.txt")).isFalse();
        assertThatThrownBy(() -> storage().read(Visibility.PRIVATE, "jobs/j1/log.txt"))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void presignedUrlGrantsReadAndATamperedOneDoesNot() throws Exception {
        storage().putPrivate("artifacts/report.json", "{\"ok\":true}".getBytes(), "application/json");
        URI url = storage().presignedUrl("artifacts/report.json", Duration.ofMinutes(5));
        assertThat(fetchPresigned(url)).isEqualTo("{\"ok\":true}".getBytes());
        assertThat(fetchPresigned(tamper(url))).isNull();
    }

    @Test
    void localPathGivesAReadableFile() throws IOException {
        storage().putPrivate("a/b/c.bin", new byte[] {1, 2, 3}, null);
        Path p = storage().localPath(Visibility.PRIVATE, "a/b/c.bin");
        assertThat(Files.readAllBytes(p)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> storage().localPath(Visibility.PRIVATE, "a/b/missing.bin"))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void traversingKeysAreRejected() {
        assertThatThrownBy(() -> storage().putPrivate("../escape", new byte[0], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage().putPrivate("/abs", new byte[0], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage().presignedUrl("a/../../b", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
