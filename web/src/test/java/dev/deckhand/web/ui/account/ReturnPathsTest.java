package dev.deckhand.web.ui.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/products/crm", "/admin?x=1", "/"})
    void sameSitePathsAreKept(String path) {
        assertThat(ReturnPaths.safe(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
            "/a\nb", "", "relative/path"})
    void everythingElseBecomesTheHomePage(String path) {
        assertThat(ReturnPaths.safe(path)).isEqualTo("/");
    }
}
