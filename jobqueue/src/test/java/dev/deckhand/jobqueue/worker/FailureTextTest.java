package dev.deckhand.jobqueue.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTextTest {

    @Test
    void masksUrlCredentialsAndBoundsTheSize() {
        Exception e = new IllegalStateException("cannot connect to postgres://app:s3cr3t@db:5432/deckhand");
        assertThat(FailureText.reason(e)).isEqualTo(
                "java.lang.IllegalStateException: cannot connect to postgres://***:***@db:5432/deckhand");
        assertThat(FailureText.stackTrace(e)).doesNotContain("s3cr3t").contains("FailureTextTest");
        assertThat(FailureText.clean("x".repeat(5000), 100)).hasSize(103);
    }
}
