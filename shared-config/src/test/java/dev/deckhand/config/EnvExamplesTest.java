package dev.deckhand.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Dotenv hygiene (ixc-django-docker's conventions): the committed {@code .env.<env>.example}
 * files list every catalogue variable with a comment, name nothing the catalogue does not know,
 * hold no secret, and together with the secrets alone make a valid configuration; real dotenv
 * files are git-ignored while examples and encrypted {@code *.secret} files are not; every
 * committed {@code *.secret} file is really encrypted (sops or age).
 */
class EnvExamplesTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Pattern ASSIGNMENT = Pattern.compile("(?m)^(#\\s?)?([A-Z][A-Z0-9_]*)=(.*)$");

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"local", "staging", "production"})
    void everyCatalogueVariableIsListedWithAComment(String env) throws IOException {
        List<String> lines = Files.readAllLines(example(env));
        List<String> missing = new ArrayList<>();
        for (SettingDefinition<?> d : SettingsCatalog.all()) {
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).matches("(#\\s?)?" + d.name() + "=.*")) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                missing.add("# " + d.description() + (d.secret() ? " (secret)" : "") + "\n# " + d.name() + "=");
                continue;
            }
            assertThat(at > 0 && lines.get(at - 1).startsWith("# ") && !ASSIGNMENT.matcher(lines.get(at - 1)).matches())
                    .as("%s in %s has a comment line above it", d.name(), example(env).getFileName()).isTrue();
        }
        assertThat(missing).as("add these to " + example(env).getFileName() + " (bin/update-env-examples appends them)").isEmpty();

        Matcher m = ASSIGNMENT.matcher(Files.readString(example(env)));
        while (m.find()) {
            assertThat(SettingsCatalog.find(m.group(2))).as("%s names %s, which is no catalogue variable",
                    example(env).getFileName(), m.group(2)).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void deployedExamplesHoldNoSecretAndNeedOnlyTheSecretsToBeValid(String env) throws IOException {
        Map<String, String> values = DotenvParser.parse(Files.readString(example(env)), example(env).toString());
        for (SettingDefinition<?> d : SettingsCatalog.all()) {
            if (d.kind() != SettingDefinition.Kind.PLAIN) {
                assertThat(values.getOrDefault(d.name(), "")).as("%s belongs in .env.%s.secret", d.name(), env).isEmpty();
            }
        }
        // Selected as ixc does: .env.local names the layer, the example (copied) makes it a deploy.
        Files.copy(example(env), root.resolve(".env." + env));
        Files.writeString(root.resolve(".env.local"), "DOTENV=" + env + "\n");
        ResolvedSettings settings = SettingsLoader.load("web", Map.of(), root);
        assertThat(settings.environment()).isEqualTo(env);
        assertThat(SettingsValidator.problems(settings)).extracting(SettingsProblem::name)
                .as("what the example leaves to the secret file").isNotEmpty()
                .allMatch(name -> SettingsCatalog.find(name).map(d -> d.kind() != SettingDefinition.Kind.PLAIN).orElse(false));

        // With the secrets (as a decrypted .env.<env>.secret would give them) nothing is missing.
        Map<String, String> secrets = new HashMap<>();
        secrets.put("DATABASE_URL", "postgres://deckhand_app:app-pass@db.internal:5432/deckhand?sslmode=require");
        secrets.put("REDIS_URL", "rediss://:redis-pass@redis.internal:6379/0");
        secrets.put("SECRET_KEY", "k3Jq9vWm2pXr7sTz4bYc8nHd6fGa1eLu0oQi5");
        secrets.put("DB_ENCRYPTION_KEY", "q83vEhVd2KSr8DcZmUWhX1hE0qR2ZzbQmHn7yDkD2vA=");
        secrets.put("OAUTH_CLIENT_SECRET", "client-secret");
        secrets.put("AWS_SECRET_ACCESS_KEY", "");
        if (!values.getOrDefault("AUTH_WALL_USERNAME", "").isEmpty()) {
            secrets.put("AUTH_WALL_PASSWORD", "a-long-wall-password");
        }
        Map<String, String> processEnv = new HashMap<>(secrets);
        ResolvedSettings complete = SettingsLoader.load("web", processEnv, root);
        assertThat(SettingsValidator.problems(complete)).isEmpty();
    }

    @Test
    void localExampleAsDotenvLocalIsValid() throws IOException {
        Files.copy(example("local"), root.resolve(".env.local"));
        ResolvedSettings settings = SettingsLoader.load("web", Map.of(), root);
        assertThat(settings.environment()).isEqualTo("local");
        assertThat(SettingsValidator.problems(settings)).isEmpty();
    }

    @Test
    void realDotenvFilesAreIgnoredButExamplesAndEncryptedSecretsAreNot() throws Exception {
        Assumptions.assumeTrue(git("rev-parse", "--is-inside-work-tree").startsWith("true"),
                "not a git checkout: .gitignore not checked");
        for (String file : List.of(".env", ".env.local", ".env.staging", ".env.production", ".env.ci")) {
            assertThat(ignored(file)).as(file + " is git-ignored").isTrue();
        }
        for (String file : List.of(".env.local.example", ".env.staging.example", ".env.production.example",
                ".env.production.secret", ".env.staging.secret")) {
            assertThat(ignored(file)).as(file + " may be committed").isFalse();
        }
    }

    @Test
    void everyCommittedSecretFileIsEncrypted() throws Exception {
        Assumptions.assumeTrue(git("rev-parse", "--is-inside-work-tree").startsWith("true"),
                "not a git checkout: committed *.secret files not checked");
        for (String file : git("ls-files", "*.secret").lines().toList()) {
            String text = Files.readString(REPO.resolve(file), StandardCharsets.UTF_8);
            assertThat(text.startsWith("age-encryption.org/v1") || text.startsWith("-----BEGIN AGE ENCRYPTED FILE-----")
                    || text.contains("sops_version") || text.contains("sops_mac"))
                    .as("%s is committed but not encrypted with age or sops", file).isTrue();
        }
    }

    private static int exit;

    private static boolean ignored(String file) throws Exception {
        git("check-ignore", "--no-index", "-q", file);
        assertThat(exit).as("git check-ignore %s", file).isIn(0, 1);
        return exit == 0;
    }

    /** Runs git in the repository; returns its stdout and leaves the exit status in {@link #exit}. */
    private static String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", REPO.toString()));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noGit) {
            exit = -1;
            return "";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        exit = p.exitValue();
        return out;
    }

    private static Path example(String env) {
        return REPO.resolve(".env." + env + ".example");
    }
}
