package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUrlTest {

    @Test
    void parsesTlsPasswordAndDatabase() {
        RedisUrl url = RedisUrl.parse("rediss://:p4ss@cache.example:6380/3");
        assertThat(url.tls()).isTrue();
        assertThat(url.host()).isEqualTo("cache.example");
        assertThat(url.port()).isEqualTo(6380);
        assertThat(url.database()).isEqualTo(3);
        assertThat(url.password()).isEqualTo("p4ss");
        assertThat(url.username()).isNull();
        assertThat(url.toString()).doesNotContain("p4ss");
        assertThat(url.toUriWithCredentials()).isEqualTo("rediss://:p4ss@cache.example:6380/3");
    }

    @Test
    void parsesAclUserAndDefaults() {
        RedisUrl url = RedisUrl.parse("redis://worker:pw@localhost");
        assertThat(url.username()).isEqualTo("worker");
        assertThat(url.port()).isEqualTo(6379);
        assertThat(url.database()).isZero();
        assertThat(url.tls()).isFalse();
    }

    @Test
    void rejectsBadSchemeAndDatabase() {
        assertThatThrownBy(() -> RedisUrl.parse("http://localhost:6379")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisUrl.parse("redis://localhost/99")).hasMessageContaining("0-15");
        assertThatThrownBy(() -> RedisUrl.parse("redis://localhost/x")).hasMessageContaining("number");
    }
}
