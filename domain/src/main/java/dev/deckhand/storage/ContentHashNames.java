package dev.deckhand.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Public object names: {@code ab/<sha256 hex>.<ext>}. Same bytes, same name; different bytes,
 * different name: a public URL can be cached forever.
 */
public final class ContentHashNames {

    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,10}");

    private ContentHashNames() {
    }

    public static String nameFor(byte[] content, String extension) {
        String ext = extension == null ? "" : extension.toLowerCase().replaceFirst("^\\.", "");
        if (!ext.isEmpty() && !EXTENSION.matcher(ext).matches()) {
            throw new IllegalArgumentException("invalid extension");
        }
        String hex = sha256Hex(content);
        return hex.substring(0, 2) + "/" + hex + (ext.isEmpty() ? "" : "." + ext);
    }

    public static String sha256Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
