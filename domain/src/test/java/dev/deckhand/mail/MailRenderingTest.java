package dev.deckhand.mail;

import dev.deckhand.mail.MailGoldens.Rendered;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each mail record through its jstachio templates: the subjects and bodies are those of the
 * former renderer ({@link MailGoldens}), user-supplied values are HTML-escaped in the HTML body
 * (element content and the link's attribute) and left as they are in the plain-text body, a
 * subject stays on one line, and a missing value fails instead of rendering a blank.
 */
class MailRenderingTest {

    static final String RUN = "0b6f0c4e-1111-4222-8333-444455556666";
    static final String HOSTILE = "Ann <script>alert('x')</script> \"quoted\" & Co";

    @Test
    void theMailsRenderAsTheFormerRendererDidWithAndWithoutTheLink() {
        assertRenders(runFinished(Optional.of("https://d.example/jobs/" + RUN)), MailGoldens.RUN_FINISHED_LINKED);
        assertRenders(runFinished(Optional.empty()), MailGoldens.RUN_FINISHED_UNLINKED);
        assertRenders(reconnect(Optional.of("https://d.example/")), MailGoldens.RECONNECT_LINKED);
        assertRenders(reconnect(Optional.empty()), MailGoldens.RECONNECT_UNLINKED);
        assertRenders(new DeadSetGrowthMail(3, 5, "60 minutes", Optional.of("https://d.example/admin")),
                MailGoldens.DEAD_SET_GROWTH_LINKED);
        assertRenders(new DeadSetGrowthMail(3, 5, "60 minutes", Optional.empty()), MailGoldens.DEAD_SET_GROWTH_UNLINKED);
    }

    @Test
    void userSuppliedValuesAreEscapedInTheHtmlPartAndKeptAsTheyAreInTheText() {
        OutgoingMail mail = new RunFinishedMail(HOSTILE, HOSTILE, "Widget", "1.2", "complete", "finished", RUN,
                Optional.of("https://d.example/jobs/\"><script>alert(1)</script>")).to(List.of("ann@example.test"));

        assertThat(mail.html())
                .doesNotContain("<script").doesNotContain("\"quoted\"").doesNotContain("'x'")
                .contains("<p>Hello Ann &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;quoted&quot; &amp; Co,</p>")
                .contains("<strong>Ann &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;quoted&quot; &amp; Co</strong>")
                .contains("<a href=\"https://d.example/jobs/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">Open the run</a>");
        assertThat(mail.text()).contains("Hello " + HOSTILE + ",").contains("your run of \"" + HOSTILE + "\"");
        assertThat(mail.subject()).isEqualTo("Deckhand: your run of " + HOSTILE + " finished");
    }

    @Test
    void reconnectAndAlertValuesAreEscapedInTheHtmlPartToo() {
        String html = new ReconnectMail(HOSTILE, "<b>acct</b>", "it ended", Optional.empty()).html();
        assertThat(html).doesNotContain("<script").doesNotContain("<b>")
                .contains("Hello Ann &lt;script&gt;").contains("<strong>&lt;b&gt;acct&lt;/b&gt;</strong>");
        assertThat(new DeadSetGrowthMail(1, 2, "<i>an hour</i>", Optional.empty()).html())
                .contains("at most once every &lt;i&gt;an hour&lt;/i&gt;.");
    }

    @Test
    void aValueWithLineBreaksKeepsTheSubjectOnOneLine() {
        OutgoingMail mail = new RunFinishedMail("Ann", "Install\r\nBcc: eve@example.test\n\nnow", "Widget", "1.2",
                "failed", "failed", RUN, Optional.empty()).to(List.of("ann@example.test"));
        assertThat(mail.subject()).isEqualTo("Deckhand: your run of Install Bcc: eve@example.test now failed");
    }

    @Test
    void aMissingValueFailsTheRenderInsteadOfLeavingABlank() {
        ReconnectMail mail = new ReconnectMail("Ann", null, "it ended", Optional.empty());
        assertThatThrownBy(mail::text).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(mail::html).isInstanceOf(NullPointerException.class);
    }

    static RunFinishedMail runFinished(Optional<String> url) {
        return new RunFinishedMail("Ann <b>& Co</b>", "Install \"it\"", "Widget", "1.2", "complete", "finished", RUN, url);
    }

    static ReconnectMail reconnect(Optional<String> url) {
        return new ReconnectMail("there", "your account", MailMessages.reasonText(ReconnectReasons.UNUSED), url);
    }

    static void assertRenders(Mail mail, Rendered expected) {
        OutgoingMail out = mail.to(List.of("someone@example.test"));
        assertThat(out.to()).containsExactly("someone@example.test");
        assertThat(out.subject()).isEqualTo(expected.subject());
        assertThat(out.text()).isEqualTo(expected.text());
        assertThat(out.html()).isEqualTo(expected.html());
    }
}
