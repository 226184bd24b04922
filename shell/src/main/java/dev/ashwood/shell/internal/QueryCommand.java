package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", mixinStandardHelpOptions = true,
        header = "Run shell commands on a dump from a script or the command line.",
        description = {"Runs shell commands on a dump without a terminal. Standard output carries only",
                "the commands' output; progress, warnings and timings go to standard error.",
                "Stops at the first failing command with exit code 1."})
final class QueryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the dump to load: a file, a pipe or FIFO, or - for standard input")
    Path file;

    @Option(names = {"-e", "--execute"}, paramLabel = "CMD", description = "a command to run; repeat for more")
    List<String> commands = new ArrayList<>();

    @Option(names = {"-f", "--script"}, paramLabel = "SCRIPT",
            description = "a file of commands, one per line (# starts a comment; - reads standard input)")
    String script;

    @Option(names = "--json", description = "print each command's result as one JSON document per line")
    boolean json;

    @Override
    public Integer call() {
        List<ScriptLine> lines = lines();
        ScriptRunner.checkSyntax(lines);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        boolean interactive = System.console() != null;
        ProgressBar bar = new ProgressBar(err, "loading " + file.getFileName());
        Heap heap;
        try {
            heap = HeapOpener.open(file, interactive ? bar : (done, total) -> { },
                    warning -> {
                        bar.clear();
                        err.println("ashwood: warning: " + Quote.message(warning));
                    });
        } finally {
            bar.clear();
        }
        String source = file.toString().equals(HeapLoader.STANDARD_INPUT) ? "standard input" : Quote.message(file.toString());
        err.println("ashwood: loaded " + heap.objectCount() + " objects from " + source + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        try {
            Session session = new Session(heap);
            if (interactive) {
                // As for loading: a bar on stderr while the dominator tree is computed, only on a terminal.
                session.showProgress(label -> new ProgressBar(err, label, false));
            }
            return ScriptRunner.run(session, lines, new Printer(out, err, json, null), err);
        } finally {
            out.flush();
        }
    }

    /** The commands to run, checked before the (possibly long) load: -e or -f, not both, not neither. */
    private List<ScriptLine> lines() {
        if (commands.isEmpty() == (script == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give commands with -e CMD (repeatable) or a script with -f SCRIPT, and not both");
        }
        if ("-".equals(script) && file.toString().equals(HeapLoader.STANDARD_INPUT)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "the dump and the script cannot both come from standard input; give one of them as a file");
        }
        List<ScriptLine> lines = new ArrayList<>();
        if (script == null) {
            for (int i = 0; i < commands.size(); i++) {
                lines.add(new ScriptLine("-e #" + (i + 1) + " (" + commands.get(i) + ")", commands.get(i)));
            }
            return lines;
        }
        List<String> text;
        try {
            if (script.equals("-")) {
                text = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
            } else {
                text = Files.readAllLines(Path.of(script), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "script " + script + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "script " + script + ": cannot read: " + e.getMessage());
        }
        for (int i = 0; i < text.size(); i++) {
            lines.add(new ScriptLine(script + ":" + (i + 1), text.get(i)));
        }
        return lines;
    }
}
