package dev.deckhand.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.deckhand.config.SettingsLoader;
import dev.deckhand.support.SmtpTlsFront;
import dev.deckhand.support.TestTls;
import dev.deckhand.testing.FreePorts;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SmtpMailer} against GreenMail: SMTPS, and the TLS guarantees (no clear-text fallback, verified certificates). */
class MailTransportTest {

    static final String USER = "mailer";
    static final String PASSWORD = "pw-transport-3";
    static GreenMail smtp;
    static TestTls tls;
    static SmtpTlsFront smtps;

    @TempDir
    Path root;

    @BeforeAll
    static void start() throws Exception {
        tls = TestTls.create();
        smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer@example.test", USER, PASSWORD));
        smtp.start();
        smtps = new SmtpTlsFront(SmtpTlsFront.Mode.IMPLICIT, tls.server(), smtp.getSmtp().getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        smtps.close();
        smtp.stop();
    }

    private SmtpMailer mailer(String emailUrl, MailTls trust) {
        MailSettings settings = new MailSettings(SettingsLoader.load("worker-short",
                Map.of("EMAIL_URL", emailUrl, "FROM_EMAIL", "deckhand@example.test", "DECKHAND_ENV", "test"), root));
        return new SmtpMailer(settings, trust);
    }

    private static OutgoingMail mail(String to) {
        return new OutgoingMail(List.of(to), "Hello", "text body", "<p>html body</p>");
    }

    @Test
    void smtpsDeliversOverImplicitTlsWithAuth() throws Exception {
        int before = smtps.tlsSessions.get();
        mailer("smtps://" + USER + ":" + PASSWORD + "@127.0.0.1:" + smtps.port(), new MailTls(tls.client().getSocketFactory()))
                .send(mail("smtps@example.test"));
        assertThat(smtp.getReceivedMessagesForDomain("smtps@example.test")).hasSize(1);
        assertThat(smtps.tlsSessions.get()).isEqualTo(before + 1);
    }

    @Test
    void smtpNeverFallsBackToClearTextWhenTheServerOffersNoStartTls() {
        // GreenMail's own port offers no STARTTLS: smtp:// must refuse rather than send in clear text.
        assertThatThrownBy(() -> mailer("smtp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + smtp.getSmtp().getPort(),
                new MailTls(tls.client().getSocketFactory())).send(mail("cleartext@example.test")))
                .isInstanceOf(MessagingException.class).hasMessageContaining("STARTTLS");
        assertThat(smtp.getReceivedMessagesForDomain("cleartext@example.test")).isEmpty();
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        int before = smtps.tlsSessions.get();
        assertThatThrownBy(() -> mailer("smtps://" + USER + ":" + PASSWORD + "@127.0.0.1:" + smtps.port(), null)
                .send(mail("untrusted@example.test"))).isInstanceOf(MessagingException.class);
        assertThat(smtp.getReceivedMessagesForDomain("untrusted@example.test")).isEmpty();
        assertThat(smtps.tlsSessions.get()).isEqualTo(before);
    }

    @Test
    void clearTextOnlyWhenTheUrlSaysSo() throws Exception {
        mailer("smtp://" + USER + ":" + PASSWORD + "@127.0.0.1:" + smtp.getSmtp().getPort() + "?starttls=off", null)
                .send(mail("local@example.test"));
        assertThat(smtp.getReceivedMessagesForDomain("local@example.test")).hasSize(1);
    }
}
