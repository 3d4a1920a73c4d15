package dev.deckhand.storage;

import java.util.regex.Pattern;

/** Key rules shared by all backends, so a key valid on one is valid on the other. */
public final class StorageKeys {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private StorageKeys() {
    }

    /** Rejects empty, absolute, traversing or odd-character keys (they could escape MEDIA_ROOT). */
    public static String requireValid(String key) {
        if (key == null || key.isEmpty() || key.length() > 512) {
            throw new IllegalArgumentException("invalid storage key");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
                throw new IllegalArgumentException("invalid storage key: " + key);
            }
        }
        return key;
    }
}
