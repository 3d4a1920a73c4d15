package dev.deckhand.runtime.launch;

import dev.deckhand.config.DatabaseUrl;
import dev.deckhand.config.RedisUrl;
import dev.deckhand.config.ResolvedSettings;
import dev.deckhand.config.SettingsCatalog;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A backing service named by a variable could not be reached at boot. The message names the
 * variable and the redacted target, never the credentials.
 */
public final class BackingServiceUnavailableException extends RuntimeException {

    public BackingServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public static Optional<BackingServiceUnavailableException> explain(Throwable e, ResolvedSettings s) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BackingServiceUnavailableException b) {
                return Optional.of(b);
            }
            if (t instanceof SQLException || t.getClass().getName().contains("PSQLException")
                    || t.getClass().getName().contains("HikariPool$PoolInitializationException")) {
                return Optional.of(new BackingServiceUnavailableException("DATABASE_URL: cannot connect to "
                        + DatabaseUrl.parse(s.value(SettingsCatalog.DATABASE_URL)) + " (" + rootMessage(t) + ")", e));
            }
            if (t.getClass().getName().startsWith("redis.clients.jedis.exceptions")) {
                return Optional.of(new BackingServiceUnavailableException("REDIS_URL: cannot connect to "
                        + RedisUrl.parse(s.value(SettingsCatalog.REDIS_URL)) + " (" + rootMessage(t) + ")", e));
            }
        }
        return Optional.empty();
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
