package dev.deckhand.web.ui.assets;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The UI's static files, fingerprinted whitenoise-style: at startup every file named in
 * {@code static/assets.list} is read from the class path and published as
 * {@code <base>.<first 8 hex of SHA-256>.<ext>} (e.g. {@code app.3f2a9c1b.css}). Pages refer to
 * assets only through {@link #url}, so a changed file gets a new URL and may be cached forever.
 * Only fingerprinted names are served; the plain names are deliberately unknown (404), so nothing
 * can come to depend on an uncacheable URL.
 */
@Singleton
public class StaticAssets {

    /** URL prefix of every asset. */
    public static final String PREFIX = "/static/";
    static final String LIST = "static/assets.list";

    /** One published file. */
    public record Asset(String logicalName, String fingerprintedName, byte[] content, String contentType) {
    }

    private final Map<String, Asset> byLogical = new LinkedHashMap<>();
    private final Map<String, Asset> byFingerprint = new LinkedHashMap<>();

    public StaticAssets() {
        for (String name : read(LIST).split("\n")) {
            String n = name.strip();
            if (n.isEmpty() || n.startsWith("#")) {
                continue;
            }
            byte[] content = readBytes("static/" + n);
            Asset a = new Asset(n, fingerprint(n, content), content, contentType(n));
            byLogical.put(n, a);
            byFingerprint.put(a.fingerprintedName(), a);
        }
    }

    /** The URL of a logical asset name; unknown names fail loudly (a template bug, not a 404). */
    public String url(String logicalName) {
        Asset a = byLogical.get(logicalName);
        if (a == null) {
            throw new IllegalArgumentException("unknown static asset " + logicalName + " (add it to " + LIST + ")");
        }
        return PREFIX + a.fingerprintedName();
    }

    /** The asset published under a fingerprinted file name, if any. */
    public Optional<Asset> byFingerprint(String fileName) {
        return Optional.ofNullable(byFingerprint.get(fileName));
    }

    static String fingerprint(String name, byte[] content) {
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(0, dot) + "." + hash + name.substring(dot) : name + "." + hash;
    }

    static String contentType(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (lower.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        }
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".ico")) {
            return "image/x-icon";
        }
        return "application/octet-stream";
    }

    private static String read(String resource) {
        return new String(readBytes(resource), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(String resource) {
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class path resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
