package dev.deckhand.web.ui.assets;

import java.nio.charset.StandardCharsets;

/** Test and tooling access to the fingerprint rule of {@link StaticAssets}. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /** The published name of a file with this content, e.g. {@code app.3f2a9c1b.css}. */
    public static String of(String name, String content) {
        return StaticAssets.fingerprint(name, content.getBytes(StandardCharsets.UTF_8));
    }
}
