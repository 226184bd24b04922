package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: loads a dump with a progress bar, then reads commands with JLine
 * (completion, history, line editing) and runs each on a worker thread that Ctrl-C interrupts.
 */
final class Repl {
    private static final String PROMPT = "ashwood> ";

    private final Terminal terminal;
    private final PrintWriter out;
    private final Terminal colours;
    private final boolean interactive;

    private Repl(Terminal terminal) {
        this.terminal = terminal;
        this.out = terminal.writer();
        this.interactive = !Terminal.TYPE_DUMB.equals(terminal.getType())
                && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        this.colours = interactive && System.getenv("NO_COLOR") == null ? terminal : null;
    }

    /** Runs a session on {@code file} until quit or Ctrl-D; returns the exit code. */
    static int run(Path file) throws IOException {
        // dumb(true): with standard input not a terminal (a pipe, a test), fall back to a dumb
        // terminal quietly instead of logging a warning.
        try (Terminal terminal = TerminalBuilder.builder().name("ashwood").system(true).dumb(true).build()) {
            return new Repl(terminal).session(file);
        }
    }

    private int session(Path file) {
        JLineWarnings.routeTo(warning -> error("terminal: " + warning));
        Session session = new Session(load(file));
        if (interactive) {
            session.showProgress(label -> new ProgressBar(out, label, false));
        }
        LineReader reader = reader(session);
        Printer printer = new Printer(out, out, false, colours);
        while (true) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;                      // Ctrl-C at the prompt only clears the line
            } catch (EndOfFileException e) {
                return 0;                      // Ctrl-D
            }
            if (!execute(session, printer, line)) {
                return 0;
            }
        }
    }

    /** Runs one line; returns false when it asked to end the session. */
    private boolean execute(Session session, Printer printer, String line) {
        try {
            Result result = Cancellable.run(terminal, "command", () -> {
                Result r = session.execute(line);
                if (r != null && !r.ends()) {
                    printer.print(r);
                }
                return r;
            });
            return result == null || !result.ends();
        } catch (CommandException e) {
            error(e.getMessage());
        } catch (CancellationException e) {
            out.println();
            error("cancelled");
        } catch (Exception | OutOfMemoryError e) {
            error(Failures.describe(e));      // the session and its heap survive a failed command
        }
        return true;
    }

    private Heap load(Path file) {
        ProgressBar bar = new ProgressBar(out, "loading " + file.getFileName());
        // Nothing to lose yet: Ctrl-C while loading ends the program the usual way.
        terminal.handle(Terminal.Signal.INT, Terminal.SignalHandler.SIG_DFL);
        long start = System.nanoTime();
        Heap heap;
        try {
            // A bar redrawn with \r only makes sense where the cursor can go back.
            heap = HeapOpener.open(file, interactive ? bar : (done, total) -> { }, warning -> {
                bar.clear();
                TextOut text = new TextOut(out, colours);
                text.println(TextOut.HINT, "warning: " + Quote.message(warning));
                text.flush();
            });
        } finally {
            bar.clear();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.println("loaded " + heap.objectCount() + " objects, " + Units.bytes(heap.totalBytes()) + ", from "
                + file + " in " + millis + " ms. help lists the commands; Tab completes.");
        out.flush();
        return heap;
    }

    private LineReader reader(Session session) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("ashwood")
                .completer(new ReplCompleter(session));
        Path history = HistoryFile.location();
        String problem = HistoryFile.prepare(history);
        if (problem == null) {
            builder.variable(LineReader.HISTORY_FILE, history);
        } else {
            error(problem);
        }
        // Id completion offers up to 100 candidates: list them without asking first.
        builder.variable(LineReader.LIST_MAX, 200);
        LineReader reader = builder.build();
        // One command per line, no timestamps: any file of lines is a valid history, so a hand-edited
        // or older file never stops the shell from starting.
        reader.unsetOpt(LineReader.Option.HISTORY_TIMESTAMPED);
        // '!' and '^' are ordinary characters in our commands, not history expansions.
        reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        return reader;
    }

    private void error(String message) {
        TextOut text = new TextOut(out, colours);
        // Escaped rather than turned into '?' (TextOut's last line of defence): the message may
        // quote dump content, and "\\u001b" tells the user what was there.
        text.println(TextOut.ERROR, "error: " + Quote.message(message));
        text.flush();
    }
}
