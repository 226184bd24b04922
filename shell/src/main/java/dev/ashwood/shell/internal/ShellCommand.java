package dev.ashwood.shell.internal;

import dev.ashwood.loader.HeapLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "shell", mixinStandardHelpOptions = true,
        header = "Explore a dump interactively (REPL with completion and history).",
        description = {"Loads a dump (ashwood or Meliae, plain or gzip) and explores it interactively.",
                "Tab completes commands, options, type names and ids; Ctrl-C cancels a command; Ctrl-D leaves.",
                "History is kept in ~/.ashwood_history (ASHWOOD_HISTORY moves it)."})
final class ShellCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the dump to load")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (file.toString().equals(HeapLoader.STANDARD_INPUT)) {
            // The REPL reads the user's commands there; a pipe or FIFO works (ashwood shell <(zcat d.gz)).
            throw new CommandException("the shell reads your commands on standard input, so the dump cannot come from there: "
                    + "give a file, a pipe such as <(zcat d.jsonl.gz), or use ashwood query - -e CMD");
        }
        return Repl.run(file);
    }
}
