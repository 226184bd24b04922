package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapDiff;
import dev.ashwood.loader.NoSuchObjectException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * A loaded heap and the one dispatcher that the REPL and scripts share: a line in, a {@link Result}
 * out. Not thread-safe: one command runs at a time.
 */
final class Session {
    /** How many recently shown ids Tab offers before the user has typed a digit. */
    private static final int RECENT_IDS = 200;

    private final Heap heap;
    private final CommandTable table;
    private final LinkedHashSet<Long> recentIds = new LinkedHashSet<>();
    /** The last diff FILE, against which new and gone list objects; null before one or after collapse. */
    private HeapDiff diff;
    private String diffName;
    /** Makes a progress bar for a long computation (the REPL's terminal), or null for none. */
    private Function<String, ProgressBar> progressBars;

    Session(Heap heap) {
        this.heap = heap;
        this.table = Commands.table();
    }

    Heap heap() {
        return heap;
    }

    void diff(HeapDiff diff, String name) {
        this.diff = diff;
        this.diffName = name;
    }

    /** Collapsing renumbers the loaded heap: the last diff's indexes no longer apply. */
    void forgetDiff() {
        diff = null;
        diffName = null;
    }

    HeapDiff lastDiff() {
        return diff;
    }

    String lastDiffName() {
        return diffName;
    }

    CommandTable table() {
        return table;
    }

    /**
     * Parses and runs one command line. Returns null for a blank line or a {@code #} comment.
     * Throws CommandException (bad command, option or id) or CancellationException (interrupted).
     */
    Result execute(String line) {
        CommandTable.Invocation invocation = table.parse(line);
        if (invocation == null) {
            return null;
        }
        try {
            return invocation.command().executor().run(this, invocation.args());
        } catch (NoSuchObjectException e) {
            throw new CommandException(e.getMessage());
        }
    }

    /** Shows a progress bar (made by {@code bars} for a label) while retained sizes are computed. */
    void showProgress(Function<String, ProgressBar> bars) {
        this.progressBars = bars;
    }

    /**
     * The heap with its dominator tree built: the first call after loading, collapse or prune
     * computes it, with a progress bar in the REPL; Ctrl-C cancels it (CancellationException) and
     * the next call starts again.
     */
    Heap retainedHeap() {
        if (!heap.retainedComputed()) {
            ProgressBar bar = progressBars == null ? null : progressBars.apply("computing retained sizes");
            try {
                heap.computeRetained(bar != null ? bar : (done, total) -> { });
            } finally {
                if (bar != null) {
                    bar.clear();
                }
            }
        }
        return heap;
    }

    /** The index of the object whose id is the positional argument; CommandException when there is none. */
    int index(Args args) {
        long id = args.id();
        int index = heap.indexOf(id);
        if (index < 0) {
            throw new CommandException("no object with id " + Long.toUnsignedString(id));
        }
        remember(id);
        return index;
    }

    ObjectRow row(int index, String field) {
        ObjectRow row = ObjectRow.of(heap, index, field);
        remember(row.id());
        return row;
    }

    void remember(long id) {
        recentIds.remove(id);
        recentIds.add(id);
        if (recentIds.size() > RECENT_IDS) {
            recentIds.remove(recentIds.iterator().next());
        }
    }

    /** Ids shown lately, most recent first: what Tab offers for an id. */
    List<Long> recentIds() {
        List<Long> ids = new ArrayList<>(recentIds);
        Collections.reverse(ids);
        return ids;
    }
}
