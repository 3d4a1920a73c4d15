package dev.deckhand.web.ui.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.web.ui.assets.StaticAssets;
import dev.deckhand.web.ui.view.AssetLinks;
import org.junit.jupiter.api.Test;

class RedirectPageTest {

    @Test
    void theProviderUrlIsEscapedInTheRefreshAndTheLinkAndTheAssetsAreFingerprinted() {
        StaticAssets assets = new StaticAssets();
        String html = new RedirectPage("T", "https://idp.example/authorize?a=1&b=\"2\"", AssetLinks.of(assets)).render().html();
        assertThat(html).contains("url=https://idp.example/authorize?a&#x3D;1&amp;b&#x3D;&quot;2&quot;\"")
                .contains("href=\"https://idp.example/authorize?a&#x3D;1&amp;b&#x3D;&quot;2&quot;\"")
                .contains("href=\"" + assets.url("app.css") + "\"");
    }
}
