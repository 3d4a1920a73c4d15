package dev.deckhand.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * EMAIL_URL, the outgoing mail server:
 * <ul>
 *   <li>{@code smtp://user:pass@host:587}: SMTP submission with STARTTLS <em>required</em> (the
 *       connection fails rather than sending in clear text); port 587 by default;</li>
 *   <li>{@code smtps://user:pass@host:465}: SMTP over implicit TLS; port 465 by default;</li>
 *   <li>{@code smtp://host:1025?starttls=off}: clear text, for a local mail catcher only
 *       (the settings check refuses it in staging and production).</li>
 * </ul>
 * User and password are percent-decoded and optional (no AUTH without them). The server
 * certificate and host name are always verified. Parse errors never echo the value, which may
 * hold a password; {@link #toString()} masks it.
 */
public record EmailUrl(Security security, String host, int port, String username, String password) {

    /** How the connection is protected. */
    public enum Security { STARTTLS, IMPLICIT_TLS, NONE }

    public static EmailUrl parse(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + "); expected smtp://user:pass@host:587 "
                    + "or smtps://user:pass@host:465");
        }
        String scheme = uri.getScheme();
        if (!"smtp".equals(scheme) && !"smtps".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be smtp:// (STARTTLS) or smtps:// (TLS) (got "
                    + (scheme == null ? "none" : scheme + "://") + "); for Amazon SES use its SMTP interface, "
                    + "smtp://KEY:SECRET@email-smtp.REGION.amazonaws.com:587");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("missing host; expected " + scheme + "://user:pass@host:port");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath())) {
            throw new IllegalArgumentException("expected no path after host:port");
        }
        Security security = "smtps".equals(scheme) ? Security.IMPLICIT_TLS : Security.STARTTLS;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            if (!"smtp".equals(scheme) || !"starttls=off".equals(query)) {
                throw new IllegalArgumentException("the only query parameter is ?starttls=off (smtp:// only)");
            }
            security = Security.NONE;
        }
        String user = null;
        String pass = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = parts[0].isEmpty() ? null : decode(parts[0]);
            pass = parts.length == 2 ? decode(parts[1]) : null;
            if (user == null || pass == null) {
                throw new IllegalArgumentException("give both user and password (user:pass@host) or neither");
            }
        }
        int port = uri.getPort() != -1 ? uri.getPort() : security == Security.IMPLICIT_TLS ? 465 : 587;
        return new EmailUrl(security, uri.getHost(), port, user, pass);
    }

    public boolean authenticates() {
        return username != null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (security == Security.IMPLICIT_TLS ? "smtps://" : "smtp://")
                + (username == null ? "" : username + ":****@") + host + ":" + port
                + (security == Security.NONE ? "?starttls=off" : "");
    }
}
