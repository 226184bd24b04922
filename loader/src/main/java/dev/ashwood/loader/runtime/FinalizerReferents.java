package dev.ashwood.loader.runtime;

import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.ShapeTable;
import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * The references of {@code java.lang.ref.Finalizer} objects through their {@code referent} field.
 * HotSpot registers a Finalizer for every object of a class that overrides {@code finalize()} and
 * links them all into {@code Finalizer.unfinalized}; once such an object is otherwise unreachable,
 * its Finalizer only waits for the finalizer thread to run {@code finalize()}, after which the
 * object goes. So that reference holds nothing in the sense a leak hunt means: a live finalizable
 * object is held by whatever else refers to it, and one that only its Finalizer refers to awaits
 * finalization. Unlike a program's own {@code WeakReference} or {@code SoftReference}, which the
 * program chose to keep, nothing in the program holds a Finalizer.
 */
final class FinalizerReferents {
    static final String FINALIZER = "java.lang.ref.Finalizer";
    static final String REFERENT = "referent";

    private FinalizerReferents() {
    }

    /** Positions in {@code m.refs} of every Finalizer's referent, ascending; empty when there are none. O(objects). */
    static int[] positions(Model m) {
        int finalizer = m.tables.types.find(FINALIZER);
        int referent = m.tables.fieldNames.find(REFERENT);
        if (finalizer < 0 || referent < 0 || m.shape == null) {
            return new int[0];
        }
        int code = ShapeTable.nameCode(referent);
        IntArrayList out = new IntArrayList();
        for (int i = 0; i < m.count; i++) {
            if ((i & 0xffff) == 0) {
                Cancel.check();
            }
            int shape = m.shape[i];
            if (m.type[i] != finalizer || shape == ShapeTable.EMPTY || shape == ShapeTable.DENSE_ARRAY) {
                continue;
            }
            for (int k = 0, n = m.refCount(i); k < n; k++) {
                if (m.tables.shapes.code(shape, k) == code) {
                    out.add(m.refStart[i] + k);
                }
            }
        }
        return out.toIntArray();
    }
}
