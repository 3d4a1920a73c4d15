package dev.deckhand.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFileStorageTest extends StorageContractTest {

    @TempDir
    Path root;
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    LocalFileStorage storage;

    @BeforeEach
    void setUp() {
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now;
            }
        };
        storage = new LocalFileStorage(root, new LocalUrlSigner("test-secret-key-for-storage-signing", clock), clock);
    }

    @Override
    Storage storage() {
        return storage;
    }

    /** What the web tier's /media/private handler does with the URL. */
    @Override
    byte[] fetchPresigned(URI url) throws Exception {
        String key = url.getPath().substring("/media/private/".length());
        Map<String, String> q = new HashMap<>();
        for (String kv : url.getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            q.put(p[0], p[1]);
        }
        try (InputStream in = storage.openSigned(key, Long.parseLong(q.get("expires")), q.get("signature"))) {
            return in.readAllBytes();
        } catch (SecurityException e) {
            return null;
        }
    }

    @Test
    void presignedUrlExpires() throws Exception {
        storage.putPrivate("x.txt", "x".getBytes(), "text/plain");
        URI url = storage.presignedUrl("x.txt", Duration.ofMinutes(5));
        now = now.plus(Duration.ofMinutes(6));
        assertThat(fetchPresigned(url)).isNull();
    }

    @Test
    void publicObjectsAreServedByTheAppItselfSoThereIsNoOtherOrigin() {
        assertThat(storage().publicOrigin()).isEmpty();
    }
}
