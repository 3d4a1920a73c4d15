package dev.deckhand.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

/**
 * Files under MEDIA_ROOT: {@code public/<hash name>} and {@code private/<key>}. Writes go to a
 * temporary file first and are moved into place atomically, so readers never see half a file.
 * URLs are relative to the web tier, which serves {@code /media/**}.
 */
public final class LocalFileStorage implements Storage {

    public static final String URL_PREFIX = "/media/";
    private final Path root;
    private final LocalUrlSigner signer;
    private final Clock clock;

    public LocalFileStorage(Path root, LocalUrlSigner signer, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.signer = signer;
        this.clock = clock;
    }

    @Override
    public String putPublic(byte[] content, String extension, String contentType) throws IOException {
        String key = ContentHashNames.nameFor(content, extension);
        Path target = file(Visibility.PUBLIC, key);
        if (!Files.exists(target)) {
            write(target, content);
        }
        return key;
    }

    @Override
    public void putPrivate(String key, byte[] content, String contentType) throws IOException {
        write(file(Visibility.PRIVATE, key), content);
    }

    @Override
    public InputStream open(Visibility visibility, String key) throws IOException {
        return Files.newInputStream(file(visibility, key));
    }

    @Override
    public boolean exists(Visibility visibility, String key) {
        return Files.isRegularFile(file(visibility, key));
    }

    @Override
    public void delete(Visibility visibility, String key) throws IOException {
        Files.deleteIfExists(file(visibility, key));
    }

    @Override
    public URI publicUrl(String key) {
        return URI.create(URL_PREFIX + Visibility.PUBLIC.prefix() + "/" + StorageKeys.requireValid(key));
    }

    @Override
    public URI presignedUrl(String key, Duration validity) {
        long expires = clock.instant().plus(validity).getEpochSecond();
        return URI.create(URL_PREFIX + Visibility.PRIVATE.prefix() + "/" + StorageKeys.requireValid(key)
                + "?expires=" + expires + "&signature=" + signer.sign(key, expires));
    }

    /** Opens a private object for a presigned request; empty-handed (SecurityException) when the signature is bad or expired. */
    public InputStream openSigned(String key, long expires, String signature) throws IOException {
        if (!signer.verify(StorageKeys.requireValid(key), expires, signature)) {
            throw new SecurityException("invalid or expired signature");
        }
        return open(Visibility.PRIVATE, key);
    }

    @Override
    public Path localPath(Visibility visibility, String key) throws IOException {
        Path f = file(visibility, key);
        if (!Files.isRegularFile(f)) {
            throw new java.nio.file.NoSuchFileException(key);
        }
        return f;
    }

    Path file(Visibility visibility, String key) {
        Path f = root.resolve(visibility.prefix()).resolve(StorageKeys.requireValid(key)).normalize();
        if (!f.startsWith(root.resolve(visibility.prefix()))) {
            throw new IllegalArgumentException("invalid storage key");
        }
        return f;
    }

    private static void write(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
