package dev.deckhand.cli;

/**
 * Entry point of {@code deckhand-cli.jar} ({@code bin/deckhand}, {@code /app/bin/deckhand} in the
 * web image). Logs go to stderr at WARN (LOG_LEVEL does not apply) so stdout carries only the
 * command's output. Exits with the command's status (see {@link DeckhandCommand}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "deckhand/cli-logback.xml");
        }
        int status;
        try (CliContext services = new CliContext(System.getenv())) {
            status = DeckhandCommand.commandLine(services).execute(args);
        }
        System.exit(status);
    }
}
