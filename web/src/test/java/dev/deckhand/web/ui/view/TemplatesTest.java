package dev.deckhand.web.ui.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.web.ui.assets.StaticAssets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    private final StaticAssets assets = new StaticAssets();
    private final Templates templates = new Templates(assets);

    @Test
    void escapesEveryValueUnlessMarkedSafe() {
        String html = templates.render("flash-error", Map.of("message", "<img src=x onerror=alert(1)> & \"'`")).html();
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;&#39;&#96;").doesNotContain("<img");
        assertThat(templates.render("flash-error", Map.of("message", Html.safe("<b>ok</b>"))).html()).contains("<b>ok</b>");
    }

    @Test
    void aMissingModelKeyIsAnErrorNotABlank() {
        assertThatThrownBy(() -> templates.render("flash-error", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("message");
    }

    @Test
    void eachRendersOneCopyPerModel() {
        String rows = templates.each("empty-row", List.of(Map.of("colspan", 1, "message", "a"),
                Map.of("colspan", 2, "message", "<b>"))).html();
        assertThat(rows).contains("colspan=\"1\">a<").contains("colspan=\"2\">&lt;b&gt;<");
    }
}
