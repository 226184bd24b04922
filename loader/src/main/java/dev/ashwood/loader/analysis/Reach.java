package dev.ashwood.loader.analysis;

import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.BitSet;
import java.util.function.IntConsumer;

/** Walks what is reachable from an object, iteratively (a chain of any length uses no stack). */
public final class Reach {
    private Reach() {
    }

    /**
     * Calls {@code visit} once for {@code root} and every object reachable from it without passing
     * through {@code excluding} (which are not visited either).
     */
    public static void walk(Model m, int root, int[] excluding, IntConsumer visit) {
        Cancel.check();
        BitSet seen = new BitSet(m.count);
        for (int x : excluding) {
            seen.set(x);
        }
        if (seen.get(root)) {
            return;
        }
        IntArrayList pending = new IntArrayList();
        pending.add(root);
        seen.set(root);
        int visited = 0;
        while (!pending.isEmpty()) {
            int i = pending.popInt();
            visit.accept(i);
            if ((++visited & 0xfff) == 0) {
                Cancel.check();
            }
            for (int k = m.refStart[i], end = m.refStart[i + 1]; k < end; k++) {
                int t = m.refs[k];
                if (!seen.get(t)) {
                    seen.set(t);
                    pending.add(t);
                }
            }
        }
    }

    /** {count, bytes} of everything reachable from {@code root}, itself included. */
    public static long[] total(Model m, int root) {
        long[] result = new long[2];
        walk(m, root, new int[0], i -> {
            result[0]++;
            result[1] += m.size(i);
        });
        return result;
    }
}
