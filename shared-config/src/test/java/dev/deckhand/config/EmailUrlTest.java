package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmailUrlTest {

    @Test
    void smtpMeansSubmissionWithStartTlsOnPort587() {
        EmailUrl url = EmailUrl.parse("smtp://mailer:p%40ss%3Aword@mail.example.org");
        assertThat(url).isEqualTo(new EmailUrl(EmailUrl.Security.STARTTLS, "mail.example.org", 587, "mailer", "p@ss:word"));
        assertThat(url.authenticates()).isTrue();
        assertThat(url.toString()).isEqualTo("smtp://mailer:****@mail.example.org:587").doesNotContain("p@ss");
    }

    @Test
    void smtpsMeansImplicitTlsOnPort465() {
        assertThat(EmailUrl.parse("smtps://relay.example.org")).isEqualTo(
                new EmailUrl(EmailUrl.Security.IMPLICIT_TLS, "relay.example.org", 465, null, null));
        assertThat(EmailUrl.parse("smtps://u:p@relay.example.org:2465").port()).isEqualTo(2465);
    }

    @Test
    void clearTextOnlyWhenAskedFor() {
        EmailUrl url = EmailUrl.parse("smtp://localhost:1025?starttls=off");
        assertThat(url.security()).isEqualTo(EmailUrl.Security.NONE);
        assertThat(url.authenticates()).isFalse();
    }

    @Test
    void badUrlsAreRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> EmailUrl.parse("https://u:topsecret@mail.example.org"))
                .hasMessageContaining("scheme must be smtp:// (STARTTLS) or smtps:// (TLS)")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> EmailUrl.parse("smtp://u:topsecret@")).hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> EmailUrl.parse("smtp://u:top secret@mail.example.org"))
                .hasMessageStartingWith("not a URL").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> EmailUrl.parse("smtp://onlyuser@mail.example.org"))
                .hasMessageContaining("both user and password");
        assertThatThrownBy(() -> EmailUrl.parse("smtps://mail.example.org?starttls=off"))
                .hasMessageContaining("starttls=off");
        assertThatThrownBy(() -> EmailUrl.parse("smtp://mail.example.org/inbox")).hasMessageContaining("no path");
    }
}
