package dev.deckhand.storage;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * One bucket, two prefixes ({@code public/}, {@code private/}). Public objects are written with a
 * cache-forever Cache-Control (their names are content hashes); making the {@code public/}
 * prefix world-readable is a bucket policy, not something this class does. Private objects are
 * reached through SigV4 presigned GET URLs.
 */
public final class S3Storage implements Storage {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final URI publicBase;

    /** @param publicBase base URL of public objects, e.g. https://bucket.s3.region.amazonaws.com/ or endpoint/bucket/ */
    public S3Storage(S3Client s3, S3Presigner presigner, String bucket, URI publicBase) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.publicBase = publicBase;
    }

    @Override
    public String putPublic(byte[] content, String extension, String contentType) throws IOException {
        String key = ContentHashNames.nameFor(content, extension);
        if (!exists(Visibility.PUBLIC, key)) {
            put(Visibility.PUBLIC.prefix() + "/" + key, content, contentType, CacheHeaders.PUBLIC_FOREVER);
        }
        return key;
    }

    @Override
    public void putPrivate(String key, byte[] content, String contentType) throws IOException {
        put(objectKey(Visibility.PRIVATE, key), content, contentType, CacheHeaders.PRIVATE_NO_STORE);
    }

    private void put(String objectKey, byte[] content, String contentType, String cacheControl) throws IOException {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(objectKey)
                    .contentType(contentType == null ? "application/octet-stream" : contentType)
                    .cacheControl(cacheControl).build(), RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            throw new IOException("S3 put failed: " + e.statusCode(), e);
        }
    }

    @Override
    public InputStream open(Visibility visibility, String key) throws IOException {
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(
                    GetObjectRequest.builder().bucket(bucket).key(objectKey(visibility, key)).build());
            return in;
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            throw new IOException("S3 get failed: " + e.statusCode(), e);
        }
    }

    @Override
    public boolean exists(Visibility visibility, String key) throws IOException {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(objectKey(visibility, key)).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("S3 head failed: " + e.statusCode(), e);
        }
    }

    @Override
    public void delete(Visibility visibility, String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey(visibility, key)));
        } catch (S3Exception e) {
            throw new IOException("S3 delete failed: " + e.statusCode(), e);
        }
    }

    @Override
    public URI publicUrl(String key) {
        return publicBase.resolve(Visibility.PUBLIC.prefix() + "/" + StorageKeys.requireValid(key));
    }

    @Override
    public URI presignedUrl(String key, Duration validity) {
        String objectKey = objectKey(Visibility.PRIVATE, key);
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(validity)
                .getObjectRequest(g -> g.bucket(bucket).key(objectKey))).url().toString());
    }

    @Override
    public Path localPath(Visibility visibility, String key) throws IOException {
        Path tmp = Files.createTempFile("deckhand-s3-", ".tmp");
        try (InputStream in = open(visibility, key)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static String objectKey(Visibility visibility, String key) {
        return visibility.prefix() + "/" + StorageKeys.requireValid(key);
    }
}
