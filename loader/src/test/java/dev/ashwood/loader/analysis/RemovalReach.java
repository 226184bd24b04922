package dev.ashwood.loader.analysis;

import java.util.ArrayDeque;

/**
 * The tests' independent oracle for dominators and retained sizes: which objects stay reachable
 * when one object is taken out of the graph. An object d dominates x exactly when x is reachable
 * with nothing removed and unreachable with d removed.
 */
public final class RemovalReach {
    private RemovalReach() {}

    /**
     * Objects reachable from the {@code start} objects along {@code out} (out[i] lists i's
     * referents) without entering {@code removed}; -1 removes nothing. A breadth-first walk.
     */
    public static boolean[] reach(int[][] out, boolean[] start, int removed) {
        boolean[] seen = new boolean[out.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < out.length; i++) {
            if (start[i] && i != removed) {
                seen[i] = true;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            for (int t : out[queue.poll()]) {
                if (t != removed && !seen[t]) {
                    seen[t] = true;
                    queue.add(t);
                }
            }
        }
        return seen;
    }
}
