package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EMAIL_URL, FROM_EMAIL and OPERATOR_EMAIL in the settings catalogue: checks, cross-checks, redaction. */
class EmailSettingsTest {

    @TempDir
    Path root;

    private List<SettingsProblem> problems(Map<String, String> env) {
        return SettingsValidator.problems(SettingsLoader.load("worker-short", env, root));
    }

    @Test
    void mailIsOptional() {
        assertThat(problems(Map.of())).isEmpty();
    }

    @Test
    void aCompleteMailConfigIsValid() {
        assertThat(problems(Map.of("EMAIL_URL", "smtp://mailer:pw@mail.example.org:587",
                "FROM_EMAIL", "Deckhand <deckhand@example.org>",
                "OPERATOR_EMAIL", "ops@example.org, oncall@example.org"))).isEmpty();
    }

    @Test
    void aBadEmailUrlIsNamedWithoutItsPassword() {
        List<SettingsProblem> found = problems(Map.of("EMAIL_URL", "smtpx://mailer:hunter2pw@mail.example.org",
                "FROM_EMAIL", "deckhand@example.org"));
        assertThat(found).extracting(SettingsProblem::name).containsExactly("EMAIL_URL");
        assertThat(found.get(0).message()).contains("smtp://").doesNotContain("hunter2pw");
    }

    @Test
    void fromEmailIsRequiredWithEmailUrlAndAddressesAreChecked() {
        assertThat(problems(Map.of("EMAIL_URL", "smtps://mail.example.org"))).extracting(SettingsProblem::name)
                .containsExactly("FROM_EMAIL");
        assertThat(problems(Map.of("FROM_EMAIL", "not-an-address", "OPERATOR_EMAIL", "ops@example.org,bad")))
                .extracting(SettingsProblem::name).containsExactlyInAnyOrder("FROM_EMAIL", "OPERATOR_EMAIL");
    }

    @Test
    void clearTextMailIsRefusedInProduction() {
        Map<String, String> env = new HashMap<>(Map.of("EMAIL_URL", "smtp://localhost:1025?starttls=off",
                "FROM_EMAIL", "deckhand@example.org"));
        assertThat(problems(env)).isEmpty();
        env.put("DECKHAND_ENV", "production");
        assertThat(problems(env)).extracting(SettingsProblem::name).contains("EMAIL_URL");
    }

    @Test
    void theSettingsReportMasksTheMailPassword() {
        String report = SettingsReport.render(SettingsLoader.load("worker-short",
                Map.of("EMAIL_URL", "smtp://mailer:hunter2pw@mail.example.org:587"), root));
        assertThat(report).contains("smtp://mailer:****@mail.example.org:587").doesNotContain("hunter2pw");
    }
}
