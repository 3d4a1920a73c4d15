package dev.deckhand.web.ui.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/products/crm", "/admin?x=1", "/", "/products/x?tab=plans#top", "/a%20b"})
    void sameSitePathsAreKept(String path) {
        assertThat(ReturnPaths.safe(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
            "/a\nb", "", "relative/path", "/a|b", "/%zz", "/caf\u00e9", "/a;b", "/a\"b", "/a,b", "/<script>", "/a b"})
    void everythingElseBecomesTheHomePage(String path) {
        assertThat(ReturnPaths.safe(path)).isEqualTo("/");
    }
}
