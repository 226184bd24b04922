package dev.ashwood.loader.analysis;

import dev.ashwood.loader.GcRoot;
import dev.ashwood.loader.PathStep;
import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.Referrers;
import dev.ashwood.loader.model.ShapeTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shortest path from a GC root to an object: a breadth-first search backwards over referrers from
 * the object, stopping at the first object held by a root. Meliae dumps (and JVM dumps without
 * root records) record no roots, so there the search stops at an object that has no referrers.
 *
 * <p>In JVM dumps the search first ignores references through {@code java.lang.ref.Reference}'s
 * {@code referent} field (weak, soft, phantom and final references keep nothing alive), so the
 * path answers "what keeps this alive"; only when no such path exists (the object is reachable
 * only through a Reference) is one through a {@code referent} returned, which then says why.
 */
public final class Paths {
    /** The root kind reported when the path starts at an object nobody refers to. */
    public static final String NO_REFERRERS = "no referrers";
    /** The field of {@code java.lang.ref.Reference} that holds its referent. */
    static final String REFERENT = "referent";
    private static final int NO_CODE = -1;

    private Paths() {
    }

    public static List<PathStep> shortest(Model m, int target) {
        Cancel.check();
        int referent = m.shape == null ? NO_CODE : m.tables.fieldNames.find(REFERENT);
        if (referent < 0) {
            return search(m, target, null);
        }
        List<PathStep> strong = search(m, target, new WeakEdges(m, ShapeTable.nameCode(referent)));
        return !strong.isEmpty() ? strong : search(m, target, null);
    }

    /** Breadth-first search backwards from target; skips the edges {@code weak} names (none if null). */
    private static List<PathStep> search(Model m, int target, WeakEdges weak) {
        Referrers referrers = m.referrers();
        boolean byRoots = m.runtime.recordsRoots() && m.roots.length > 0;
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
                if (toward[p] < 0 && (weak == null || !weak.onlyThroughReferent(p, x))) {
                    toward[p] = x;
                    queue[tail++] = p;
                }
            }
        }
        if (start < 0) {
            return List.of();
        }
        List<PathStep> steps = new ArrayList<>();
        GcRoot root = byRoots ? Roots.first(m, start) : new GcRoot(NO_REFERRERS);
        steps.add(PathStep.atRoot(m.addresses.address(start), m.typeName(start), root));
        for (int prev = start, x = toward[start]; prev != target; prev = x, x = toward[x]) {
            steps.add(new PathStep(m.addresses.address(x), m.typeName(x), fieldTo(m, prev, x, weak), null));
        }
        return steps;
    }

    /**
     * The field of the first reference from {@code from} to {@code to}; on a strong path
     * ({@code weak} not null) the first that is not a {@code referent}, since a Reference's own
     * {@code referent} comes before its subclass's fields and would name the wrong holder.
     */
    private static String fieldTo(Model m, int from, int to, WeakEdges weak) {
        for (int k = m.refStart[from], end = m.refStart[from + 1]; k < end; k++) {
            int nth = k - m.refStart[from];
            if (m.refs[k] == to && (weak == null || !weak.isReferent(from, nth))) {
                return m.field(from, nth);
            }
        }
        throw new IllegalStateException("referrer " + from + " has no ref to " + to);
    }

    /** Which references are only a Reference's {@code referent} (the shape table knows which shapes name one). */
    private static final class WeakEdges {
        private final Model m;
        private final int referentCode;

        WeakEdges(Model m, int referentCode) {
            this.m = m;
            this.referentCode = referentCode;
        }

        /** True when every reference from p to x is through a {@code referent} field. */
        boolean onlyThroughReferent(int p, int x) {
            int shape = m.shape[p];
            if (shape == ShapeTable.EMPTY || shape == ShapeTable.DENSE_ARRAY || !m.tables.shapes.hasCode(shape, referentCode)) {
                return false;
            }
            boolean weak = false;
            for (int k = m.refStart[p], end = m.refStart[p + 1]; k < end; k++) {
                if (m.refs[k] == x) {
                    if (!isReferent(p, k - m.refStart[p])) {
                        return false;
                    }
                    weak = true;
                }
            }
            return weak;
        }

        /** Whether reference {@code nth} of object p is through a {@code referent} field. */
        boolean isReferent(int p, int nth) {
            int shape = m.shape[p];
            return shape != ShapeTable.EMPTY && shape != ShapeTable.DENSE_ARRAY
                    && m.tables.shapes.code(shape, nth) == referentCode;
        }

    }
}
