package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapDiff;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
        header = "What grew between two dumps.",
        description = {"Compares an older dump with a newer one: per type counts and bytes, most growth first.",
                "Dumps of one JVM written with the agent option identity=keep (and pairs of Meliae dumps,",
                "matched by address) also say which objects are new, which are gone, and which older",
                "object holds the new ones, largest first. Other pairs are compared per type, with a line",
                "saying why. When the headers of two dumps of one series say OLD was taken after NEW, they",
                "are compared the other way round, and a line says so."})
final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD", description = "the earlier dump")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "the later dump")
    Path newer;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "show at most N types and N holders (default ${DEFAULT-VALUE}, 0 for all)")
    int top;

    @Option(names = "--json", description = "print the result as one JSON document")
    boolean json;

    @Override
    public Integer call() {
        if (top < 0) {
            throw new CommandException("--top needs 0 (all) or a positive number, not " + top);
        }
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        Heap old = HeapOpener.openShowingProgress(older, err);
        Heap now = HeapOpener.openShowingProgress(newer, err);
        List<String> notes = new ArrayList<>();
        Path olderFile = older;
        Path newerFile = newer;
        if (Heap.dumpedAfter(old, now)) {
            // The headers know the order: a reversed diff would call every new object gone.
            notes.add("OLD " + older + " is the later dump (" + old.origin().sequence() + " of series " + old.origin().series()
                    + "; NEW is " + now.origin().sequence() + "): compared " + newer + " -> " + older);
            Heap swap = old;
            old = now;
            now = swap;
            olderFile = newer;
            newerFile = older;
        }
        HeapDiff diff = now.diff(old);
        err.println("ashwood: compared " + old.objectCount() + " with " + now.objectCount() + " objects in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        try {
            new Printer(out, err, json, null).print(new DiffResult(olderFile.toString(), newerFile.toString(), diff,
                    top == 0 ? Integer.MAX_VALUE : top, List.of(), notes));
        } finally {
            out.flush();
        }
        return 0;
    }
}
