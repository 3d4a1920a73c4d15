package dev.deckhand.storage;

/** Cache-Control values: public objects are immutable by construction (content-hash names). */
public final class CacheHeaders {

    public static final String PUBLIC_FOREVER = "public, max-age=31536000, immutable";
    public static final String PRIVATE_NO_STORE = "private, no-store";

    private CacheHeaders() {
    }
}
