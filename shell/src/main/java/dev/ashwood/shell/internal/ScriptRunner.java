package dev.ashwood.shell.internal;

import java.io.PrintWriter;
import java.util.List;

/**
 * Runs commands without a terminal, as {@code ashwood query} does: results on standard output,
 * nothing else there; the first failing command is reported on standard error and ends the run.
 */
final class ScriptRunner {
    private ScriptRunner() {}

    /** Returns the exit code: 0 when every command ran (or one quit), 1 at the first failure. */
    static int run(Session session, List<ScriptLine> lines, Printer printer, PrintWriter err) {
        for (ScriptLine line : lines) {
            try {
                Result result = session.execute(line.text());
                if (result == null) {
                    continue;
                }
                if (result.ends()) {
                    return 0;
                }
                printer.print(result);
            } catch (CommandException e) {
                err.println("ashwood: " + line.where() + ": " + e.getMessage());
                err.flush();
                return 1;
            }
        }
        return 0;
    }
}
