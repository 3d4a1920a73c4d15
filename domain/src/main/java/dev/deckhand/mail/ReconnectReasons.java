package dev.deckhand.mail;

/** Why a user must connect their account again, as carried in a reconnect mail job's arguments. */
public final class ReconnectReasons {

    /** The credential sweep retired the account after TOKEN_LIFETIME_MINUTES unused. */
    public static final String UNUSED = "unused";
    /** A token refresh failed for good during a run or preflight (invalid_grant). */
    public static final String REFRESH_FAILED = "refresh_failed";

    private ReconnectReasons() {
    }
}
