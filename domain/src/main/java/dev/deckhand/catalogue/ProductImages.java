package dev.deckhand.catalogue;

import dev.deckhand.storage.Storage;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * Product images uploaded by admins. The type is decided by the bytes, never by the file name or
 * the browser's Content-Type: PNG, JPEG and WebP only (their magic numbers). SVG is refused (it
 * can carry script), and so is anything else. At most {@link #MAX_BYTES}. Stored as a public
 * content-hash object ({@link Storage#putPublic}), so the URL never changes meaning and is served
 * with cache-forever headers; then recorded on the product through {@link CatalogueAdmin}
 * (audited as {@code product.image_set}).
 */
@Singleton
public class ProductImages {

    /** Upper bound of an image: a product card needs no more, and it stays below the default request size limit. */
    public static final int MAX_BYTES = 512 * 1024;

    /** An accepted image type: the stored extension and Content-Type. */
    public enum Type {
        PNG("png", "image/png"), JPEG("jpg", "image/jpeg"), WEBP("webp", "image/webp");

        public final String extension;
        public final String contentType;

        Type(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }
    }

    private final Storage storage;
    private final CatalogueAdmin catalogue;

    public ProductImages(Storage storage, CatalogueAdmin catalogue) {
        this.storage = storage;
        this.catalogue = catalogue;
    }

    /** Validates, stores and sets the image; {@link IllegalArgumentException} (admin-readable) when refused. */
    public Product upload(@Nullable UUID actor, UUID productId, byte[] content) {
        if (content == null || content.length == 0) {
            throw new IllegalArgumentException("Choose an image file to upload.");
        }
        if (content.length > MAX_BYTES) {
            throw new IllegalArgumentException("The image is larger than " + (MAX_BYTES / 1024) + " KiB.");
        }
        Type type = detect(content);
        if (type == null) {
            throw new IllegalArgumentException("The image must be a PNG, JPEG or WebP file (SVG is not accepted).");
        }
        String key;
        try {
            key = storage.putPublic(content, type.extension, type.contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the product image", e);
        }
        return catalogue.setProductImage(actor, productId, key);
    }

    /** The type named by the leading bytes, or null for anything else (SVG, HTML, GIF, ...). */
    public static @Nullable Type detect(byte[] b) {
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Type.PNG;
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return Type.JPEG;
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return Type.WEBP;
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int offset, int... magic) {
        if (b.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
