package dev.deckhand.jobqueue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rule that keeps secrets out of job arguments, enforced when an {@link EnqueueRequest} is
 * built, so that anything stored in Redis (and shown on the admin's job page) is safe to show:
 * arguments are references (ids, kinds, timestamps, short reasons), never credentials. Names are
 * short identifiers and may not name a secret (token, secret, password, credential, api/private key,
 * authorization, cookie, session); values are one line of at most {@value #MAX_VALUE} characters.
 * Credentials live encrypted in PostgreSQL and jobs carry the id of their row.
 */
public final class JobArgs {

    static final int MAX_VALUE = 500;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,39}");
    private static final List<String> SECRET_WORDS = List.of("token", "secret", "password", "passwd",
            "credential", "apikey", "api_key", "private_key", "authorization", "cookie", "session", "bearer");

    private JobArgs() {
    }

    /** @throws IllegalArgumentException naming the offending argument (never its value) */
    public static void check(Map<String, String> args) {
        args.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("job argument name '" + name + "' must be a short identifier (" + NAME + ")");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            for (String word : SECRET_WORDS) {
                if (lower.contains(word)) {
                    throw new IllegalArgumentException("job argument '" + name + "' names a secret ('" + word
                            + "'): jobs carry ids, credentials stay in PostgreSQL");
                }
            }
            if (value == null || value.length() > MAX_VALUE || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("job argument '" + name + "' must be one line of at most "
                        + MAX_VALUE + " characters");
            }
        });
    }
}
