package dev.ashwood.shell.internal;

import java.io.PrintWriter;
import java.util.List;

/**
 * Runs commands without a terminal, as {@code ashwood query} does: results on standard output,
 * nothing else there; the first failing command is reported on standard error and ends the run.
 */
final class ScriptRunner {
    private ScriptRunner() {}

    /**
     * Checks every line's command name and options before anything runs, so that a typo on the
     * last line of a script fails at once rather than after a long load. Ids and type names need
     * the heap and are checked when the command runs. Throws CommandException naming the line.
     */
    static void checkSyntax(List<ScriptLine> lines) {
        CommandTable table = Commands.table();
        for (ScriptLine line : lines) {
            try {
                table.parse(line.text());
            } catch (CommandException e) {
                throw new CommandException(line.where() + ": " + e.getMessage());
            }
        }
    }

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
                err.println("ashwood: " + Quote.message(line.where() + ": " + e.getMessage()));
                err.flush();
                return 1;
            }
        }
        return 0;
    }
}
