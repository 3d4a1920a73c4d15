package dev.deckhand.runtime.health;

import java.net.ConnectException;
import java.net.UnknownHostException;

/** Turns a connection failure into a short cause without credentials. */
final class BackingServiceUnavailableExceptionMessages {

    private BackingServiceUnavailableExceptionMessages() {
    }

    static String root(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof UnknownHostException || root instanceof ConnectException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        if (root instanceof ConnectException) {
            return "connection refused";
        }
        String msg = root.getMessage() == null ? "" : root.getMessage().replaceAll("(?i)password[^,;)]*", "password ****");
        return root.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
    }
}
