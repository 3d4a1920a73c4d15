package dev.deckhand.web.ui.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.web.ui.assets.StaticAssets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The jstachio views keep the old renderer's guarantees: escaped by default, raw only for Html.Safe, no blanks for nulls. */
class ViewsTest {

    private static final String NASTY = "<img src=x onerror=alert(1)> & \"'`";

    @Test
    void escapesEveryValue() {
        String html = new MessagePage(NASTY, NASTY).render().html();
        assertThat(html).doesNotContain("<img").doesNotContain("\"'")
                .contains("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; &quot;&#x27;&#x60;");
    }

    @Test
    void theLayoutInsertsOnlyTheRenderedBodyUnescaped() {
        var nav = new Nav(List.of(new Nav.Link("/", NASTY, true)), Optional.of(new Nav.User(NASTY)), false);
        String html = new Layout(NASTY, "home", "tok\"en", AssetLinks.of(new StaticAssets()), nav,
                List.of("/static/x.js\"><script>"), Optional.of("user:" + NASTY), Html.safe("<b id=\"body\">ok</b>"))
                .render().html();
        assertThat(html).contains("<b id=\"body\">ok</b>")
                .doesNotContain("<img").doesNotContain("\"><script>")
                .contains("content=\"tok&quot;en\"")
                .contains("aria-current=\"page\"")
                .contains("data-topic=\"user:&lt;img")
                .doesNotContain("id=\"signin\"");
    }

    @Test
    void pagesLinkFingerprintedAssets() {
        StaticAssets assets = new StaticAssets();
        String html = new Layout("T", "error", "", AssetLinks.of(assets), Nav.plain(), List.of(), Optional.empty(),
                Html.safe("")).render().html();
        assertThat(html).contains("href=\"" + assets.url("app.css") + "\"").contains("href=\"" + assets.url("favicon.svg") + "\"")
                .doesNotContain("id=\"notices\"").doesNotContain("<script");
        assertThat(assets.url("app.css")).matches("/static/app\\.[0-9a-f]{8}\\.css");
    }

    @Test
    void aNullValueIsAnErrorNotABlank() {
        assertThatThrownBy(() -> new MessagePage("Heading", null).render()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("message");
    }
}
