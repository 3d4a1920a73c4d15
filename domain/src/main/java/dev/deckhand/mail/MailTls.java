package dev.deckhand.mail;

import javax.net.ssl.SSLSocketFactory;

/**
 * Optional bean: the TLS socket factory for the mail server connection, for a server whose
 * certificate is signed by a private CA (tests register one trusting their own CA). Without it the
 * JVM's default trust store is used. Certificates and host names are verified either way.
 */
public record MailTls(SSLSocketFactory socketFactory) {
}
