package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** JVM tuning properties: their defaults are the ones the scheduler and the job queue always had, and they read as Micronaut did. */
class JvmTuningTest {

    @Test
    void unsetOrBlankMeansTheDeclaredDefault() {
        assertThat(JvmTuning.SCHEDULER_CHECKIN_INTERVAL.valueOf(null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(JvmTuning.SCHEDULER_THREADS.valueOf(" ")).isEqualTo(4);
        assertThat(JvmTuning.SCHEDULER_IDLE_WAIT.valueOf(null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(JvmTuning.SCHEDULER_MISFIRE_THRESHOLD.valueOf("")).isEqualTo(Duration.ofSeconds(60));
        assertThat(JvmTuning.JOBQUEUE_VIRTUAL_THREADS.valueOf(null)).isTrue();
    }

    @Test
    void durationsReadAsMicronautReadThem() {
        assertThat(JvmTuning.SCHEDULER_CHECKIN_INTERVAL.valueOf("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(JvmTuning.SCHEDULER_IDLE_WAIT.valueOf("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(JvmTuning.SCHEDULER_MISFIRE_THRESHOLD.valueOf("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(JvmTuning.SCHEDULER_MISFIRE_THRESHOLD.valueOf("PT90S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void onlyFalseTurnsVirtualThreadsOff() {
        assertThat(JvmTuning.JOBQUEUE_VIRTUAL_THREADS.valueOf("FALSE")).isFalse();
        assertThat(JvmTuning.JOBQUEUE_VIRTUAL_THREADS.valueOf("true")).isTrue();
        assertThat(JvmTuning.JOBQUEUE_VIRTUAL_THREADS.valueOf("no")).isTrue();
    }

    @Test
    void aMalformedValueNamesTheProperty() {
        assertThatThrownBy(() -> JvmTuning.SCHEDULER_THREADS.valueOf("four"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deckhand.scheduler.threads");
    }

    @Test
    void aSystemPropertyIsRead() {
        String name = JvmTuning.SCHEDULER_THREADS.name();
        System.setProperty(name, "7");
        try {
            assertThat(JvmTuning.SCHEDULER_THREADS.value()).isEqualTo(7);
        } finally {
            System.clearProperty(name);
        }
    }
}
