package dev.deckhand.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EMAIL_URL at boot, as operators run a proctype: a bad value exits 2 naming it; the password never prints. */
class EmailSettingsProcessTest {

    @TempDir
    Path root;

    private Process launch(Map<String, String> env, Path output, String... args) throws Exception {
        return TestProctypeProcess.launch(root, env, output, args);
    }

    @Test
    void aBadEmailUrlExits2NamingTheVariableWithoutThePassword() throws Exception {
        Path out = root.resolve("out.txt");
        Process p = launch(Map.of("DECKHAND_ENV", "test", "EMAIL_URL", "smtpz://mailer:hunter2mail@mail.example.org",
                "FROM_EMAIL", "deckhand@example.org"), out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(out)).contains("EMAIL_URL: scheme must be smtp://").doesNotContain("hunter2mail");
    }

    @Test
    void printSettingsMasksTheMailPassword() throws Exception {
        Path out = root.resolve("out.txt");
        Process p = launch(Map.of("DECKHAND_ENV", "test", "EMAIL_URL", "smtp://mailer:hunter2mail@mail.example.org:587",
                "FROM_EMAIL", "deckhand@example.org"), out, "--print-settings");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(out)).contains("smtp://mailer:****@mail.example.org:587").doesNotContain("hunter2mail");
    }
}
