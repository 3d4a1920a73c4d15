package dev.deckhand.storage;

/** Which store an object lives in; also its key prefix on a shared backend. */
public enum Visibility {
    PUBLIC("public"),
    PRIVATE("private");

    private final String prefix;

    Visibility(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
