package dev.deckhand.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the real picocli command line, as Main runs it: exit status, stdout and stderr. */
record CliRun(int status, String out, String err) {

    static CliRun of(Services services, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var line = DeckhandCommand.commandLine(services);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int status = line.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
