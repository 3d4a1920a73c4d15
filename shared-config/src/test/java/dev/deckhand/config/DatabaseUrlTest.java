package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseUrlTest {

    @Test
    void parsesCredentialsHostPortDatabaseAndParameters() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://app:s%40cret@db.internal:6543/deckhand?sslmode=require&connectTimeout=5");
        assertThat(url.host()).isEqualTo("db.internal");
        assertThat(url.port()).isEqualTo(6543);
        assertThat(url.database()).isEqualTo("deckhand");
        assertThat(url.username()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/deckhand?connectTimeout=5&sslmode=require");
        assertThat(url.jdbcUrl()).doesNotContain("s@cret");
        assertThat(url.toString()).doesNotContain("s@cret").contains("****");
    }

    @Test
    void defaultsPortAndAcceptsPostgresqlScheme() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://u@h/db");
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.password()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgres://nohost|missing database name",
            "mysql://u:p@h/db|scheme must be postgres://",
            "postgres://h/db|missing user name",
            "postgres:///db|missing host",
            "not a url at all|not a URL"})
    void rejectsMalformedUrlsSayingWhatWasExpected(String value, String message) {
        assertThatThrownBy(() -> DatabaseUrl.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
