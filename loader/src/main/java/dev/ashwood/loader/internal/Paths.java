package dev.ashwood.loader.internal;

import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.PathStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shortest path from a GC root to an object: a breadth-first search backwards over referrers from
 * the object, stopping at the first object held by a root. Meliae dumps (and JVM dumps without
 * root records) record no roots, so there the search stops at an object that has no referrers.
 */
public final class Paths {
    /** The root kind reported when the path starts at an object nobody refers to. */
    public static final String NO_REFERRERS = "no referrers";

    private Paths() {
    }

    public static List<PathStep> shortest(Model m, int target) {
        Cancel.check();
        Referrers referrers = m.referrers();
        boolean byRoots = m.kind == DumpKind.ASHWOOD && m.roots.length > 0;
        // toward[x]: the next object on the way from x to the target; -1 when not reached yet.
        int[] toward = new int[m.count];
        Arrays.fill(toward, -1);
        int[] queue = new int[m.count];
        int head = 0;
        int tail = 0;
        queue[tail++] = target;
        toward[target] = target;
        int start = -1;
        while (head < tail) {
            int x = queue[head++];
            if ((head & 0xfff) == 0) {
                Cancel.check();
            }
            if (byRoots ? m.isRoot(x) : referrers.count(x) == 0) {
                start = x;
                break;
            }
            for (int r = referrers.start[x], end = referrers.start[x + 1]; r < end; r++) {
                int p = referrers.from[r];
                if (toward[p] < 0) {
                    toward[p] = x;
                    queue[tail++] = p;
                }
            }
        }
        if (start < 0) {
            return List.of();
        }
        List<PathStep> steps = new ArrayList<>();
        String rootKind = byRoots ? m.tables.rootKinds.get((int) m.roots[m.firstRoot(start)]) : NO_REFERRERS;
        steps.add(new PathStep(m.addresses.address(start), m.typeName(start), null, rootKind));
        for (int prev = start, x = toward[start]; prev != target; prev = x, x = toward[x]) {
            steps.add(new PathStep(m.addresses.address(x), m.typeName(x), fieldTo(m, prev, x), null));
        }
        return steps;
    }

    /** The field of the first reference from {@code from} to {@code to}. */
    private static String fieldTo(Model m, int from, int to) {
        for (int k = m.refStart[from], end = m.refStart[from + 1]; k < end; k++) {
            if (m.refs[k] == to) {
                return m.field(from, k - m.refStart[from]);
            }
        }
        throw new IllegalStateException("referrer " + from + " has no ref to " + to);
    }
}
