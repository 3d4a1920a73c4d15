package dev.deckhand.web.api;

import dev.deckhand.storage.CacheHeaders;
import dev.deckhand.storage.LocalFileStorage;
import dev.deckhand.storage.Storage;
import dev.deckhand.storage.Visibility;
import dev.deckhand.web.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/**
 * Serves local storage (MEDIA_ROOT) when S3 is off: {@code /media/public/<key>} with cache-forever
 * headers (content-hash names), {@code /media/private/<key>?expires=&signature=} only with a valid
 * unexpired signature ({@link LocalFileStorage#presignedUrl}). With S3 these URLs are not issued
 * and the routes answer 404.
 */
@Controller("/media")
@ExecuteOn(TaskExecutors.BLOCKING)
public class MediaController {

    private final Storage storage;

    public MediaController(Storage storage) {
        this.storage = storage;
    }

    @Get("/public/{+key}")
    public HttpResponse<byte[]> publicObject(@PathVariable String key) {
        LocalFileStorage local = local();
        return ok(read(() -> local.open(Visibility.PUBLIC, key)), key, CacheHeaders.PUBLIC_FOREVER);
    }

    @Get("/private/{+key}")
    public HttpResponse<byte[]> privateObject(@PathVariable String key, @Nullable @QueryValue Long expires,
                                              @Nullable @QueryValue String signature) {
        LocalFileStorage local = local();
        if (expires == null || signature == null) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "This link is not valid.");
        }
        try {
            return ok(read(() -> local.openSigned(key, expires, signature)), key, CacheHeaders.PRIVATE_NO_STORE);
        } catch (SecurityException e) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "This link is not valid or has expired.");
        }
    }

    private LocalFileStorage local() {
        if (storage instanceof LocalFileStorage l) {
            return l;
        }
        throw new ProblemException(HttpStatus.NOT_FOUND, "No resource exists at this path.");
    }

    interface Opener {
        InputStream open() throws IOException;
    }

    private static byte[] read(Opener opener) {
        try (InputStream in = opener.open()) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "No resource exists at this path.");
        } catch (IllegalArgumentException e) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "No resource exists at this path.");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read stored object", e);
        }
    }

    private static HttpResponse<byte[]> ok(byte[] body, String key, String cacheControl) {
        return HttpResponse.ok(body).contentType(guess(key)).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("X-Content-Type-Options", "nosniff");
    }

    /** Only inert types are served inline; anything else is octet-stream (no stored HTML/JS runs on our origin). */
    static MediaType guess(String key) {
        String k = key.toLowerCase();
        if (k.endsWith(".png")) {
            return MediaType.IMAGE_PNG_TYPE;
        }
        if (k.endsWith(".jpg") || k.endsWith(".jpeg")) {
            return MediaType.IMAGE_JPEG_TYPE;
        }
        if (k.endsWith(".webp")) {
            return MediaType.of("image/webp");
        }
        if (k.endsWith(".txt") || k.endsWith(".log")) {
            return MediaType.TEXT_PLAIN_TYPE;
        }
        if (k.endsWith(".json")) {
            return MediaType.APPLICATION_JSON_TYPE;
        }
        return MediaType.APPLICATION_OCTET_STREAM_TYPE;
    }
}
