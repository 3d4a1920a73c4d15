package dev.deckhand.oauth;

/**
 * The provider refused or could not be reached. The message carries the endpoint kind, HTTP
 * status and the RFC 6749 error code only: never a request or response body (they hold tokens).
 */
public class OAuthException extends RuntimeException {

    private final int status;
    private final String error;

    public OAuthException(String message, int status, String error) {
        super(message + " (status " + status + (error == null ? "" : ", error " + error) + ")");
        this.status = status;
        this.error = error;
    }

    public OAuthException(String message, Throwable cause) {
        super(message + " (" + cause.getClass().getSimpleName() + ")", cause);
        this.status = 0;
        this.error = null;
    }

    public int status() {
        return status;
    }

    /** invalid_grant means the refresh token is dead: the user must reconnect. */
    public boolean invalidGrant() {
        return "invalid_grant".equals(error);
    }
}
