package dev.deckhand.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/deploy.md's compose section is what bin/container-check runs on the compose stack, and
 * the other way round.
 *
 * <p>The doc's side: every {@code docker-compose} line of the section's {@code sh} blocks (the
 * section's prose may mention more commands for daily use; the blocks are what the check runs).
 * The check's side: every command it runs through {@code "${compose[@]}"} (docker-compose with
 * the project's files), except those marked {@code # check-only [label]: why} (or just
 * {@code # check-only [label]} where the same label's reason was given) on a comment line right above; each label must be named in the doc's compose section, where the doc
 * says why the check does it (only without a registry, or only to measure and clean up). Other
 * check-only steps that are not compose commands (local base images, the build stage on its
 * own, this machine's CAs) carry the same marker and are named in the doc the same way.
 *
 * <p>A command is compared by its form: the subcommand and its options (with the values of
 * {@code --profile}, {@code --scale}, {@code -t}, {@code --tail}); service names are left out, so
 * the doc's {@code docker-compose stop} is the check's {@code stop "${apps[@]}"}. The doc's
 * {@code -f} files must be docker-compose.yml alone or with exactly the override the check adds.
 */
class ComposeDocMatchesCheckTest {

    private static final String CHECK = "bin/container-check";
    private static final Set<String> VALUE_OPTIONS = Set.of("--profile", "--scale", "-t", "--tail", "-f");
    private static final Pattern MARKER = Pattern.compile("(?m)^\\s*#\\s*check-only \\[([^\\]]+)]");
    private static final Pattern OVERRIDE = Pattern.compile("files\\+=\\(-f (\\S+)\\)");

    record CheckCommand(String line, List<String> form, String checkOnly) {
    }

    @Test
    void everyComposeCommandTheDocListsIsRunByTheCheck() {
        Set<List<String>> run = new LinkedHashSet<>();
        checkCommands().stream().filter(c -> c.checkOnly() == null).forEach(c -> run.add(c.form()));
        List<List<String>> documented = docCommands();
        assertThat(documented).as("compose commands in deploy.md's compose section")
                .contains(List.of("--profile", "devworker", "build"), List.of("up", "-d"));
        assertThat(run).as("the compose commands bin/container-check runs (not check-only)")
                .containsAll(documented);
    }

    @Test
    void theCheckRunsNoComposeCommandTheDocDoesNotListUnlessMarkedCheckOnly() {
        Set<List<String>> documented = new LinkedHashSet<>(docCommands());
        List<String> undocumented = checkCommands().stream()
                .filter(c -> c.checkOnly() == null && !documented.contains(c.form()))
                .map(CheckCommand::line).toList();
        assertThat(undocumented).as("compose commands of %s that deploy.md's compose section does not list "
                + "(document them there or mark them # check-only [label]: why)", CHECK).isEmpty();
    }

    @Test
    void everyCheckOnlyStepIsNamedInTheDocsComposeSection() {
        Matcher m = MARKER.matcher(RepoFiles.read(CHECK));
        Set<String> labels = new LinkedHashSet<>();
        while (m.find()) {
            labels.add(m.group(1));
        }
        assertThat(labels).as("check-only markers in %s", CHECK)
                .contains("stand-in override", "build stage on its own", "this machine's CAs");
        String section = composeSection();
        assertThat(labels).allSatisfy(label -> assertThat(section).as("deploy.md's compose section names it")
                .contains("**" + label + "**"));
    }

    @Test
    void theDocsOverrideIsTheOneTheCheckAdds() {
        Matcher m = OVERRIDE.matcher(RepoFiles.read(CHECK));
        assertThat(m.find()).as("%s adds an override file", CHECK).isTrue();
        String override = m.group(1);
        assertThat(RepoFiles.path(override)).isRegularFile();
        List<List<String>> files = new ArrayList<>();
        for (String line : docLines()) {
            List<String> f = new ArrayList<>();
            List<String> tokens = List.of(line.split("\\s+"));
            for (int i = 0; i < tokens.size() - 1; i++) {
                if (tokens.get(i).equals("-f")) {
                    f.add(tokens.get(i + 1));
                }
            }
            files.add(f);
        }
        assertThat(files).allSatisfy(f -> assertThat(f).isIn(List.of(), List.of("docker-compose.yml", override)));
        assertThat(files).as("the override's commands are shown").contains(List.of("docker-compose.yml", override));
    }

    /** The section "## 1. docker-compose ..." up to the next "## " heading. */
    static String composeSection() {
        String doc = RepoFiles.read("docs/deploy.md");
        int start = doc.indexOf("\n## 1. docker-compose");
        assertThat(start).as("deploy.md has the section ## 1. docker-compose").isPositive();
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    /** The docker-compose lines of the compose section's sh blocks, comments stripped. */
    private static List<String> docLines() {
        List<String> lines = new ArrayList<>();
        boolean inSh = false;
        for (String raw : composeSection().split("\n")) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                inSh = !inSh && line.equals("```sh");
                continue;
            }
            if (inSh && line.startsWith("docker-compose")) {
                int comment = line.indexOf(" #");
                lines.add((comment < 0 ? line : line.substring(0, comment)).strip());
            }
        }
        return lines;
    }

    private static List<List<String>> docCommands() {
        return docLines().stream().map(l -> form(List.of(l.split("\\s+")).subList(1, l.split("\\s+").length))).toList();
    }

    /** The commands bin/container-check runs through "${compose[@]}", continuation lines joined. */
    private static List<CheckCommand> checkCommands() {
        List<CheckCommand> commands = new ArrayList<>();
        String[] lines = RepoFiles.read(CHECK).replace("\\\n", " ").split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int at = line.indexOf("\"${compose[@]}\"");
            if (at < 0 || line.strip().startsWith("#") || line.strip().startsWith("compose=")) {
                continue;
            }
            String checkOnly = null;
            for (int j = i - 1; j >= 0 && lines[j].strip().startsWith("#"); j--) {
                Matcher m = MARKER.matcher(lines[j]);
                if (m.find()) {
                    checkOnly = m.group(1);
                }
            }
            String rest = line.substring(at + "\"${compose[@]}\"".length());
            Matcher end = Pattern.compile("\\s(\\d?>|\\||&&|\\)|;)").matcher(rest);
            if (end.find()) {
                rest = rest.substring(0, end.start());
            }
            commands.add(new CheckCommand(line.strip(), form(List.of(rest.strip().split("\\s+"))), checkOnly));
        }
        assertThat(commands).as("compose commands found in %s", CHECK).hasSizeGreaterThan(5);
        return commands;
    }

    /** Subcommand and options (with their values); -f files, service names and other arguments left out. */
    static List<String> form(List<String> args) {
        List<String> form = new ArrayList<>();
        boolean subcommand = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-f") && !subcommand) {
                i++;
            } else if (a.startsWith("-")) {
                form.add(a);
                if (VALUE_OPTIONS.contains(a) && i + 1 < args.size()) {
                    form.add(args.get(++i));
                }
            } else if (!subcommand) {
                form.add(a);
                subcommand = true;
            }
        }
        return form;
    }
}
