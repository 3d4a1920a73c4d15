package dev.deckhand.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A 12-factor database URL, {@code postgres://user:password@host:port/dbname?sslmode=require},
 * turned into what JDBC needs. Query parameters (sslmode, sslrootcert, connectTimeout, ...) are
 * passed through to the PostgreSQL driver.
 */
public record DatabaseUrl(String host, int port, String database, String username, String password,
                          Map<String, String> parameters) {

    private static final Set<String> SCHEMES = Set.of("postgres", "postgresql", "pgsql");

    public static DatabaseUrl parse(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + "); expected "
                    + "postgres://user:password@host:port/dbname");
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
            throw new IllegalArgumentException("scheme must be postgres:// (got "
                    + (uri.getScheme() == null ? "none" : uri.getScheme() + "://") + ")");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("missing host; expected postgres://user:password@host:port/dbname");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String db = path.startsWith("/") ? decode(path.substring(1)) : decode(path);
        if (db.isBlank()) {
            throw new IllegalArgumentException("missing database name; expected postgres://user:password@"
                    + uri.getHost() + ":5432/dbname");
        }
        String user = null;
        String pass = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            pass = parts.length > 1 ? decode(parts[1]) : null;
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("missing user name; expected postgres://user:password@host:port/dbname");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return new DatabaseUrl(uri.getHost(), port, db, user, pass, Map.copyOf(params));
    }

    /** The JDBC URL without credentials (they go in separate properties, never in the URL). */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port)
                .append('/').append(database);
        char sep = '?';
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(parameters).entrySet()) {
            url.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = '&';
        }
        return url.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "postgres://" + username + (password == null ? "" : ":****") + "@" + host + ":" + port + "/" + database;
    }
}
