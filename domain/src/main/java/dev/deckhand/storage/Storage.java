package dev.deckhand.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where files live: product images, job logs and artifacts. Two stores behind one interface:
 *
 * <ul>
 *   <li>public: content-addressed ({@link ContentHashNames}), so a name never changes meaning and
 *       responses are cacheable forever;</li>
 *   <li>private: caller-chosen keys, reachable only through time-limited presigned URLs.</li>
 * </ul>
 *
 * Keys are relative, slash-separated, and checked by {@link StorageKeys#requireValid}.
 */
public interface Storage {

    /** Stores public content under a name derived from its SHA-256 and returns that key. Idempotent. */
    String putPublic(byte[] content, String extension, String contentType) throws IOException;

    /** Stores (or replaces) a private object. */
    void putPrivate(String key, byte[] content, String contentType) throws IOException;

    /** Opens an object for reading; {@link java.nio.file.NoSuchFileException} when absent. */
    InputStream open(Visibility visibility, String key) throws IOException;

    boolean exists(Visibility visibility, String key) throws IOException;

    void delete(Visibility visibility, String key) throws IOException;

    /** Stable URL of a public object (served with cache-forever headers). */
    URI publicUrl(String key);

    /**
     * The origin public objects are served from when it is not the site's own ({@code
     * https://bucket.s3.region.amazonaws.com}), so pages can allow images from it in their CSP;
     * empty when they are served by the app itself.
     */
    default java.util.Optional<String> publicOrigin() {
        URI u = publicUrl("origin-probe");
        return u.isAbsolute() && u.getHost() != null
                ? java.util.Optional.of(u.getScheme() + "://" + u.getRawAuthority())
                : java.util.Optional.empty();
    }

    /** A URL that grants read access to a private object until {@code validity} has passed. */
    URI presignedUrl(String key, Duration validity);

    /**
     * A local file holding the object, for tools that need a path. Local storage returns the file
     * itself (do not modify it); S3 downloads to a temporary file that the caller deletes.
     */
    Path localPath(Visibility visibility, String key) throws IOException;

    default byte[] read(Visibility visibility, String key) throws IOException {
        try (InputStream in = open(visibility, key)) {
            return in.readAllBytes();
        }
    }
}
