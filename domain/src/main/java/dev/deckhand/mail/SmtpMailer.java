package dev.deckhand.mail;

import dev.deckhand.config.EmailUrl;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Hands one mail to the EMAIL_URL server with Jakarta Mail: multipart/alternative (text, then
 * HTML). {@code smtp://} requires STARTTLS (never falls back to clear text), {@code smtps://} is
 * TLS from the first byte; server certificates and host names are verified. Blocking, with
 * connect/read/write timeouts, so it runs only inside queue jobs ({@link SendMailJob}), never in
 * a web request. Throws {@link MessagingException} when the server is unreachable or refuses the
 * mail; the job queue retries.
 */
@Singleton
public class SmtpMailer {

    static final int TIMEOUT_MS = 20_000;

    private final MailSettings settings;
    private final MailTls tls;

    public SmtpMailer(MailSettings settings, @Nullable MailTls tls) {
        this.settings = settings;
        this.tls = tls;
    }

    public void send(OutgoingMail mail) throws MessagingException {
        EmailUrl url = settings.server();
        Session session = Session.getInstance(properties(url));
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from(), true));
        for (String to : mail.to()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        }
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.saveChanges();
        String protocol = url.security() == EmailUrl.Security.IMPLICIT_TLS ? "smtps" : "smtp";
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect(url.host(), url.port(), url.username(), url.password());
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    private Properties properties(EmailUrl url) {
        String p = url.security() == EmailUrl.Security.IMPLICIT_TLS ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put(p + "host", url.host());
        props.put(p + "port", Integer.toString(url.port()));
        props.put(p + "auth", Boolean.toString(url.authenticates()));
        props.put(p + "connectiontimeout", Integer.toString(TIMEOUT_MS));
        props.put(p + "timeout", Integer.toString(TIMEOUT_MS));
        props.put(p + "writetimeout", Integer.toString(TIMEOUT_MS));
        if (url.security() == EmailUrl.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (url.security() != EmailUrl.Security.NONE) {
            props.put(p + "ssl.checkserveridentity", "true");
            if (tls != null) {
                props.put(p + "ssl.socketFactory", tls.socketFactory());
            }
        }
        return props;
    }
}
