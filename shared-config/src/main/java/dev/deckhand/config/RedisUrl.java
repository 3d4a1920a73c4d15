package dev.deckhand.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A Redis URL, {@code redis://[user:password@]host:port/db} or {@code rediss://} for TLS
 * (ElastiCache in-transit encryption).
 */
public record RedisUrl(boolean tls, String host, int port, int database, String username, String password) {

    public static RedisUrl parse(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + "); expected redis://host:port/db");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be redis:// or rediss:// (got "
                    + (scheme == null ? "none" : scheme + "://") + ")");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("missing host; expected redis://host:port/db");
        }
        int db = 0;
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("database must be a number 0-15 (got '" + path.substring(1) + "')");
            }
            if (db < 0 || db > 15) {
                throw new IllegalArgumentException("database must be a number 0-15 (got " + db + ")");
            }
        }
        String user = null;
        String pass = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            if (parts.length == 1) {
                pass = decode(parts[0]);
            } else {
                user = parts[0].isEmpty() ? null : decode(parts[0]);
                pass = decode(parts[1]);
            }
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        return new RedisUrl("rediss".equals(scheme), uri.getHost(), port, db, user, pass);
    }

    /** Lettuce/Micronaut-style URI, credentials included (never log it: use {@link #toString()}). */
    public String toUriWithCredentials() {
        StringBuilder s = new StringBuilder(tls ? "rediss://" : "redis://");
        if (password != null) {
            if (username != null) {
                s.append(username);
            }
            s.append(':').append(password).append('@');
        }
        return s.append(host).append(':').append(port).append('/').append(database).toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (password == null ? "" : (username == null ? "" : username) + ":****@")
                + host + ":" + port + "/" + database;
    }
}
